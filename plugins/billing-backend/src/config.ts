import { Config, ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { Pricing } from '@controlplane/plugin-billing-common';

/** A price of `price` per `per` units of an event type (or a model's tokens). */
export interface UnitPrice {
  per: number;
  price: number;
  label?: string;
}

/** A plan: its monthly fee and default quotas per event type. */
export interface PlanTerms {
  monthlyCost: number;
  quotas: Record<string, number>;
}

/** The plugin's configuration (`billing:` in app-config), with its defaults. */
export interface BillingConfig {
  currency: string;
  units: Record<string, UnitPrice>;
  /** Token prices per model; tokens of other models use `units.tokens`. */
  models: Record<string, UnitPrice>;
  plans: Record<string, PlanTerms>;
  /** How far in the future an event's timestamp may be. */
  maxFutureSeconds: number;
  /** How long after a month ends its period is closed. */
  closeAfterHours: number;
  /** How often the close task looks for periods to close. */
  closeCheckMinutes: number;
  /** Exports leave out events committed less than this long ago. */
  exportSettleSeconds: number;
  /** The entity a tenant's budget alerts notify (`{tenant}` is replaced). */
  notifyEntityRef: string;
  /** Alert thresholds of a budget that names none, percent. */
  defaultThresholds: number[];
}

// Seed 000 (Flow 3) prices and plans, seed 004 token prices per model.
const DEFAULT_UNITS: Record<string, UnitPrice> = {
  tokens: { per: 1_000_000, price: 100, label: 'per 1M tokens' },
  executions: { per: 1000, price: 0.5, label: 'per 1K executions' },
  storage_gb: { per: 1, price: 1, label: 'per GB-month' },
  api_call: { per: 1000, price: 0.1, label: 'per 1K API calls' },
};
const DEFAULT_MODELS: Record<string, UnitPrice> = {
  'gpt-3.5-turbo': { per: 1000, price: 0.002 },
  'gpt-4': { per: 1000, price: 0.02 },
  'claude-3-haiku': { per: 1000, price: 0.0016 },
  'claude-3-sonnet': { per: 1000, price: 0.006 },
  'claude-3-opus': { per: 1000, price: 0.03 },
};
const DEFAULT_PLANS: Record<string, PlanTerms> = {
  free: {
    monthlyCost: 0,
    quotas: {
      tokens: 100_000,
      executions: 1000,
      api_call: 10_000,
      storage_gb: 1,
    },
  },
  starter: {
    monthlyCost: 29,
    quotas: {
      tokens: 500_000,
      executions: 10_000,
      api_call: 100_000,
      storage_gb: 5,
    },
  },
  professional: {
    monthlyCost: 99,
    quotas: {
      tokens: 1_000_000,
      executions: 50_000,
      api_call: 1_000_000,
      storage_gb: 50,
    },
  },
  enterprise: {
    monthlyCost: 499,
    quotas: {
      tokens: 10_000_000,
      executions: 500_000,
      api_call: 10_000_000,
      storage_gb: 500,
    },
  },
};

function positive(value: number, key: string, allowZero = false): number {
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new InputError(
      `billing.${key} must be a ${
        allowZero ? 'non-negative' : 'positive'
      } number`,
    );
  }
  return value;
}

function readPrices(
  config: Config | undefined,
  key: string,
  fallback: Record<string, UnitPrice>,
): Record<string, UnitPrice> {
  if (!config) return fallback;
  return Object.fromEntries(
    config.keys().map(name => {
      const entry = config.getConfig(name);
      return [
        name,
        {
          per: positive(entry.getNumber('per'), `${key}.${name}.per`),
          price: positive(
            entry.getNumber('price'),
            `${key}.${name}.price`,
            true,
          ),
          label: entry.getOptionalString('label'),
        },
      ];
    }),
  );
}

function readPlans(config: Config | undefined): Record<string, PlanTerms> {
  if (!config) return DEFAULT_PLANS;
  return Object.fromEntries(
    config.keys().map(name => {
      const entry = config.getConfig(name);
      const quotas = entry.getOptionalConfig('quotas');
      return [
        name,
        {
          monthlyCost: positive(
            entry.getNumber('monthlyCost'),
            `plans.${name}.monthlyCost`,
            true,
          ),
          quotas: Object.fromEntries(
            (quotas?.keys() ?? []).map(type => [
              type,
              positive(
                quotas!.getNumber(type),
                `plans.${name}.quotas.${type}`,
                true,
              ),
            ]),
          ),
        },
      ];
    }),
  );
}

export function readBillingConfig(root: Config): BillingConfig {
  const config = root.getOptionalConfig('billing') ?? new ConfigReader({});
  const pricing = config.getOptionalConfig('pricing');
  return {
    currency: pricing?.getOptionalString('currency') ?? 'USD',
    units: readPrices(
      pricing?.getOptionalConfig('units'),
      'pricing.units',
      DEFAULT_UNITS,
    ),
    models: readPrices(
      pricing?.getOptionalConfig('models'),
      'pricing.models',
      DEFAULT_MODELS,
    ),
    plans: readPlans(config.getOptionalConfig('plans')),
    maxFutureSeconds:
      config.getOptionalNumber('ingestion.maxFutureSeconds') ?? 300,
    closeAfterHours: config.getOptionalNumber('periods.closeAfterHours') ?? 72,
    closeCheckMinutes: config.getOptionalNumber('periods.checkMinutes') ?? 60,
    exportSettleSeconds: config.getOptionalNumber('export.settleSeconds') ?? 10,
    notifyEntityRef:
      config.getOptionalString('budgets.notifyEntityRef') ??
      'group:default/{tenant}-owners',
    defaultThresholds: config.getOptional<number[]>(
      'budgets.defaultThresholds',
    ) ?? [80, 90],
  };
}

/** The pricing as `GET /pricing` answers it. */
export function pricingOf(config: BillingConfig): Pricing {
  return {
    currency: config.currency,
    units: Object.entries(config.units).map(([type, unit]) => ({
      type,
      ...unit,
    })),
    models: Object.entries(config.models).map(([model, unit]) => ({
      model,
      per: unit.per,
      price: unit.price,
    })),
    plans: Object.entries(config.plans).map(([plan, terms]) => ({
      plan,
      ...terms,
    })),
  };
}

/** The cost of `quantity` of a type (tokens of a model at the model's price). */
export function costOf(
  config: BillingConfig,
  type: string,
  model: string | undefined,
  quantity: number,
): number {
  const unit =
    (type === 'tokens' && model && config.models[model]) || config.units[type];
  return unit ? (quantity / unit.per) * unit.price : 0;
}

/** Money as shown: rounded to cents. */
export const cents = (amount: number) => Math.round(amount * 100) / 100;

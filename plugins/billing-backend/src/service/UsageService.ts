import { NotFoundError } from '@backstage/errors';
import {
  Estimate,
  EstimateInput,
  Period,
  PeriodList,
  periodBounds,
  periodOf,
  TenantUsageList,
  UsageDetails,
  UsageLine,
  UsageSummary,
} from '@controlplane/plugin-billing-common';
import { BillingConfig, cents, costOf } from '../config';
import { BillingStores } from '../database/stores';
import { UsageGroup, UsageRow } from '../database/UsageStore';

/** A tenant's usage in a period as `GET /usage` counts it. */
export interface TenantTotals {
  /** Whether the tenant used anything in the period. */
  hasUsage: boolean;
  /** Quantity per type. */
  quantities: Record<string, number>;
  /** The cost of the usage at the configured prices, unrounded. */
  cost: number;
  /** Whether usage plus adjustments reached the tenant's budget. */
  overBudget: boolean;
}

/** Quantities and cost of rows of one key. */
function totalsOf(config: BillingConfig, rows: UsageRow[]) {
  const quantities: Record<string, number> = {};
  let cost = 0;
  for (const row of rows) {
    quantities[row.type] = (quantities[row.type] ?? 0) + row.quantity;
    cost += costOf(config, row.type, row.model || undefined, row.quantity);
  }
  return { quantities, cost };
}

/**
 * Usage and cost from the hourly aggregates (never the raw events), at the
 * configured prices; closed periods answer their frozen totals.
 */
export class UsageService {
  constructor(
    private readonly options: {
      stores: BillingStores;
      config: BillingConfig;
      now?: () => Date;
    },
  ) {}

  currentPeriod(): string {
    return periodOf(this.options.now?.() ?? new Date());
  }

  async period(id: string | undefined): Promise<Period> {
    const period = id ?? this.currentPeriod();
    return (
      (await this.options.stores.accounts.period(period)) ?? {
        id: period,
        ...periodBounds(period),
        status: 'open',
      }
    );
  }

  /** The usage of a tenant in a period, per type, with costs. */
  async lines(tenant: string, period: string): Promise<UsageLine[]> {
    const rows = await this.options.stores.usage.usageOf(tenant, period);
    const byType = new Map<string, UsageLine>();
    for (const row of rows) {
      const line = byType.get(row.type) ?? {
        type: row.type,
        quantity: 0,
        cost: 0,
      };
      line.quantity += row.quantity;
      line.cost += costOf(
        this.options.config,
        row.type,
        row.model || undefined,
        row.quantity,
      );
      byType.set(row.type, line);
    }
    return [...byType.values()]
      .sort((a, b) => a.type.localeCompare(b.type))
      .map(line => ({ ...line, cost: cents(line.cost) }));
  }

  /** Cost of usage plus adjustments of a tenant in a period (unrounded). */
  async spent(tenant: string, period: string): Promise<number> {
    const [lines, adjustments] = await Promise.all([
      this.options.stores.usage.usageOf(tenant, period),
      this.options.stores.accounts.adjustmentTotals(tenant),
    ]);
    return (
      totalsOf(this.options.config, lines).cost + (adjustments.get(period) ?? 0)
    );
  }

  async summary(tenant: string, periodId?: string): Promise<UsageSummary> {
    const period = await this.period(periodId);
    const [usage, adjustments] = await Promise.all([
      this.lines(tenant, period.id),
      this.options.stores.accounts.adjustmentTotals(tenant),
    ]);
    const usageCost = usage.reduce((sum, line) => sum + line.cost, 0);
    const adjusted = adjustments.get(period.id) ?? 0;
    return {
      tenant,
      period,
      usage,
      costs: {
        usage: cents(usageCost),
        adjustments: cents(adjusted),
        total: cents(usageCost + adjusted),
        currency: this.options.config.currency,
      },
    };
  }

  async details(
    tenant: string,
    periodId: string | undefined,
    groupBy: UsageGroup,
  ): Promise<UsageDetails> {
    const period = await this.period(periodId);
    const rows = await this.options.stores.usage.grouped(
      tenant,
      period.id,
      groupBy,
    );
    const byKey = new Map<string, UsageRow[]>();
    for (const row of rows)
      byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
    return {
      tenant,
      period,
      groupBy,
      breakdown: [...byKey.entries()]
        .map(([key, keyRows]) => {
          const { quantities, cost } = totalsOf(this.options.config, keyRows);
          return { key, quantities, cost: cents(cost) };
        })
        .sort((a, b) =>
          groupBy === 'day' ? a.key.localeCompare(b.key) : b.cost - a.cost,
        ),
    };
  }

  /**
   * Every tenant's usage in a period and whether it reached its budget:
   * the tenants with usage, a budget or adjustments in the period, in
   * three queries whatever their number. A tenant that is not in the map
   * used nothing and is not over a budget.
   */
  async tenantTotals(period: string): Promise<Map<string, TenantTotals>> {
    const { stores } = this.options;
    const [all, budgets, adjustments] = await Promise.all([
      stores.usage.allTenants(period),
      stores.accounts.budgetAmounts(),
      stores.accounts.adjustmentTotalsIn(period),
    ]);
    const byTenant = new Map<string, UsageRow[]>();
    for (const row of all) {
      const rows = byTenant.get(row.tenant);
      if (rows) rows.push(row);
      else byTenant.set(row.tenant, [row]);
    }
    for (const tenant of [...budgets.keys(), ...adjustments.keys()]) {
      if (!byTenant.has(tenant)) byTenant.set(tenant, []);
    }
    return new Map(
      [...byTenant.entries()].map(([tenant, tenantRows]) => {
        const { quantities, cost } = totalsOf(this.options.config, tenantRows);
        const budget = budgets.get(tenant);
        // Spent as the budget counts it: usage plus adjustments.
        const spent = cost + (adjustments.get(tenant) ?? 0);
        return [
          tenant,
          {
            hasUsage: tenantRows.length > 0,
            quantities,
            cost,
            overBudget: budget !== undefined && spent >= budget,
          },
        ];
      }),
    );
  }

  /** Every tenant's totals in a period, those `visible` only. */
  async allTenants(
    periodId: string | undefined,
    visible: (tenant: string) => boolean,
  ): Promise<TenantUsageList> {
    const period = await this.period(periodId);
    const totals = await this.tenantTotals(period.id);
    return {
      period,
      items: [...totals.entries()]
        .filter(([tenant, t]) => t.hasUsage && visible(tenant))
        .map(([tenant, { quantities, cost, overBudget }]) => ({
          tenant,
          quantities,
          cost: cents(cost),
          overBudget,
        }))
        .sort((a, b) => b.cost - a.cost),
    };
  }

  /** The periods with the tenant's total cost (frozen when closed). */
  async periods(tenant: string): Promise<PeriodList> {
    const { stores } = this.options;
    const [periods, frozen, adjustments] = await Promise.all([
      stores.accounts.periods(),
      stores.accounts.frozenCosts(tenant),
      stores.accounts.adjustmentTotals(tenant),
    ]);
    const open = await stores.usage.usageOfPeriods(
      tenant,
      periods.filter(period => period.status !== 'closed').map(p => p.id),
    );
    const items = periods.map(period => {
      const usage =
        period.status === 'closed'
          ? frozen.get(period.id) ?? 0
          : totalsOf(this.options.config, open.get(period.id) ?? []).cost;
      return {
        ...period,
        totalCost: cents(usage + (adjustments.get(period.id) ?? 0)),
      };
    });
    return { items };
  }

  /** The monthly cost of a projected mix on a plan. */
  estimate(input: EstimateInput, currentPlan: string | undefined): Estimate {
    const { config } = this.options;
    const plan = input.plan ?? currentPlan ?? 'free';
    const terms = config.plans[plan];
    if (!terms) throw new NotFoundError(`No plan ${plan}`);
    const lines: UsageLine[] = Object.entries(input.quantities ?? {}).map(
      ([type, quantity]) => ({
        type,
        quantity,
        cost: cents(costOf(config, type, undefined, quantity)),
      }),
    );
    for (const [model, quantity] of Object.entries(input.models ?? {})) {
      lines.push({
        type: `tokens:${model}`,
        quantity,
        cost: cents(costOf(config, 'tokens', model, quantity)),
      });
    }
    const usageCost = lines.reduce((sum, line) => sum + line.cost, 0);
    const recommendations: string[] = [];
    for (const [type, quantity] of Object.entries(input.quantities ?? {})) {
      const included = terms.quotas[type];
      if (included !== undefined && quantity > included) {
        const bigger = Object.entries(config.plans).find(
          ([, other]) =>
            (other.quotas[type] ?? 0) >= quantity &&
            other.monthlyCost > terms.monthlyCost,
        );
        recommendations.push(
          bigger
            ? `${quantity} ${type} is over the ${plan} plan's quota of ${included}; the ${bigger[0]} plan includes ${bigger[1].quotas[type]}`
            : `${quantity} ${type} is over the ${plan} plan's quota of ${included}`,
        );
      }
    }
    return {
      plan,
      lines,
      platformFee: terms.monthlyCost,
      total: cents(usageCost + terms.monthlyCost),
      currency: config.currency,
      recommendations,
    };
  }
}

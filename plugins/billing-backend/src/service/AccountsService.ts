import { randomUUID } from 'node:crypto';
import { InputError, NotFoundError } from '@backstage/errors';
import { Change } from '@controlplane/backend-common';
import {
  Adjustment,
  BudgetInput,
  BudgetState,
  Quota,
  QuotaChange,
  QuotaList,
} from '@controlplane/plugin-billing-common';
import { BillingConfig, cents } from '../config';
import { Budget } from '../database/AccountsStore';
import { BillingStores } from '../database/stores';
import { UsageService } from './UsageService';

/** Percent with two decimals; anything used of a limit of 0 is 100 %. */
function percent(part: number, whole: number): number {
  if (whole > 0) return Math.round((part / whole) * 10_000) / 100;
  return part > 0 ? 100 : 0;
}

/**
 * A tenant's quotas: per resource type of its plan or of its own limits,
 * the tenant's limit where it set one (the plan's otherwise), with what it
 * used in the period (`used`: quantity per type).
 */
export function quotasOf(
  planQuotas: Record<string, number>,
  ownLimits: Map<string, number>,
  used: Map<string, number>,
): Quota[] {
  const types = [
    ...new Set([...Object.keys(planQuotas), ...ownLimits.keys()]),
  ].sort();
  return types.map(type => {
    const own = ownLimits.get(type);
    const limit = own ?? planQuotas[type];
    const quantity = used.get(type) ?? 0;
    return {
      resourceType: type,
      limit,
      used: quantity,
      remaining: Math.max(0, limit - quantity),
      percentageUsed: percent(quantity, limit),
      source: own === undefined ? 'plan' : 'tenant',
    };
  });
}

/** The resource types whose use exceeds their limit. */
export function overQuota(quotas: Quota[]): string[] {
  return quotas
    .filter(quota => quota.used > quota.limit)
    .map(quota => quota.resourceType);
}

/**
 * What is decided per tenant: quota limits (the plan's unless the tenant's
 * own is set), the monthly budget and its state, credits and adjustments.
 */
export class AccountsService {
  constructor(
    private readonly options: {
      stores: BillingStores;
      config: BillingConfig;
      usage: UsageService;
      now?: () => Date;
    },
  ) {}

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  async quotas(tenant: string, plan: string): Promise<QuotaList> {
    const { stores, config, usage } = this.options;
    const [limits, lines] = await Promise.all([
      stores.accounts.quotas(tenant),
      usage.lines(tenant, usage.currentPeriod()),
    ]);
    const used = new Map(lines.map(line => [line.type, line.quantity]));
    return {
      tenant,
      plan,
      quotas: quotasOf(config.plans[plan]?.quotas ?? {}, limits, used),
    };
  }

  async updateQuota(
    tenant: string,
    plan: string,
    resourceType: string,
    limit: number,
    by: string,
  ): Promise<Change<QuotaChange>> {
    const updatedAt = this.now();
    const previous = await this.options.stores.transaction(async trx => {
      const own = await trx.accounts.lockQuota(tenant, resourceType);
      await trx.accounts.putQuota(tenant, resourceType, limit, by, updatedAt);
      return own ?? this.options.config.plans[plan]?.quotas[resourceType];
    });
    return {
      result: {
        resourceType,
        ...(previous !== undefined ? { previousLimit: previous } : {}),
        newLimit: limit,
        updatedAt,
      },
      audit: { tenant, before: { limit: previous ?? null }, after: { limit } },
    };
  }

  /** The budget's state in the current period; undefined without a budget. */
  async budgetState(tenant: string): Promise<BudgetState | undefined> {
    const budget = await this.options.stores.accounts.budget(tenant);
    return budget && this.stateOf(budget);
  }

  async stateOf(budget: Budget): Promise<BudgetState> {
    const period = this.options.usage.currentPeriod();
    const spent = await this.options.usage.spent(budget.tenant, period);
    return {
      ...budget,
      period,
      spent: cents(spent),
      percentageUsed: percent(spent, budget.monthlyAmount),
      crossedThresholds: budget.thresholds.filter(
        threshold => spent * 100 >= threshold * budget.monthlyAmount,
      ),
      overCap: budget.hardCap && spent >= budget.monthlyAmount,
    };
  }

  async setBudget(
    tenant: string,
    input: BudgetInput,
    by: string,
  ): Promise<Change<BudgetState>> {
    const thresholds = [
      ...new Set(input.thresholds ?? this.options.config.defaultThresholds),
    ].sort((a, b) => a - b);
    const before = await this.options.stores.accounts.budget(tenant);
    const budget: Budget = {
      tenant,
      monthlyAmount: input.monthlyAmount,
      thresholds,
      hardCap: input.hardCap ?? false,
    };
    await this.options.stores.accounts.putBudget(budget, by, this.now());
    const { tenant: _t, ...after } = budget;
    return {
      result: await this.stateOf(budget),
      audit: {
        tenant,
        before: before
          ? {
              monthlyAmount: before.monthlyAmount,
              thresholds: before.thresholds,
              hardCap: before.hardCap,
            }
          : null,
        after,
      },
    };
  }

  adjustments(tenant: string): Promise<Adjustment[]> {
    return this.options.stores.accounts.adjustments(tenant);
  }

  /** A credit (negative) or charge in the current open period. */
  async adjust(
    tenant: string,
    amount: number,
    reason: string,
    by: string,
  ): Promise<Change<Adjustment>> {
    if (!reason.trim()) throw new InputError('An adjustment needs a reason');
    if (amount === 0)
      throw new InputError('An adjustment of 0 changes nothing');
    const period = await this.options.usage.period(undefined);
    if (period.status !== 'open')
      throw new NotFoundError(`The period ${period.id} is closed`);
    const adjustment: Adjustment = {
      id: randomUUID(),
      tenant,
      period: period.id,
      amount,
      reason,
      createdBy: by,
      createdAt: this.now(),
    };
    await this.options.stores.accounts.insertAdjustment(adjustment);
    return {
      result: adjustment,
      audit: { tenant, after: { amount, period: period.id }, reason },
    };
  }
}

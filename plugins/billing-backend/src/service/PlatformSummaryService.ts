import { InputError } from '@backstage/errors';
import {
  periodOf,
  PlatformBillingSummary,
} from '@controlplane/plugin-billing-common';
import { BillingConfig, cents } from '../config';
import { BillingStores } from '../database/stores';
import { overQuota, quotasOf } from './AccountsService';
import { UsageService } from './UsageService';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** How far back the executive metrics' usage series reaches. */
const MAX_SERIES_DAYS = 200;

/** The start of the hour `ms` ago, ISO 8601 UTC. */
function hourStartBefore(now: Date, ms: number): string {
  const from = new Date(now.getTime() - ms);
  from.setUTCMinutes(0, 0, 0);
  return from.toISOString();
}

/**
 * The billing plugin's part of the platform dashboard: every tenant of the
 * mirror with its executions, cost, quotas and budget; plans and monthly
 * revenue of the active ones. Seven queries whatever the number of tenants.
 */
export class PlatformSummaryService {
  constructor(
    private readonly options: {
      stores: BillingStores;
      config: BillingConfig;
      usage: UsageService;
      now?: () => Date;
    },
  ) {}

  async summary(): Promise<PlatformBillingSummary> {
    const { stores, config, usage } = this.options;
    const now = this.options.now?.() ?? new Date();
    const windows = {
      from24h: hourStartBefore(now, 24 * HOUR_MS),
      from7d: hourStartBefore(now, 7 * DAY_MS),
    };
    const [mirror, totals, limits, executions, lastUsage] = await Promise.all([
      stores.tenants.list(),
      usage.tenantTotals(periodOf(now)),
      stores.accounts.allQuotas(),
      stores.usage.typeTotalsSince('executions', windows),
      stores.usage.lastUsagePerTenant(),
    ]);

    const tenants = mirror.map(({ tenant, plan, status }) => {
      const period = totals.get(tenant);
      const quotas = quotasOf(
        config.plans[plan]?.quotas ?? {},
        limits.get(tenant) ?? new Map(),
        new Map(Object.entries(period?.quantities ?? {})),
      );
      return {
        tenant,
        plan,
        status,
        executions24h: executions.get(tenant)?.last24h ?? 0,
        executions7d: executions.get(tenant)?.last7d ?? 0,
        lastUsageAt: lastUsage.get(tenant) ?? null,
        costMonthToDate: cents(period?.cost ?? 0),
        overQuota: overQuota(quotas),
        overBudget: period?.overBudget ?? false,
      };
    });

    const active = mirror.filter(tenant => tenant.status === 'active');
    const perPlan = new Map<string, number>();
    for (const { plan } of active)
      perPlan.set(plan, (perPlan.get(plan) ?? 0) + 1);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    return {
      generatedAt: now.toISOString(),
      currency: config.currency,
      mrr: cents(
        sum(active.map(({ plan }) => config.plans[plan]?.monthlyCost ?? 0)),
      ),
      planDistribution: [...perPlan.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([plan, count]) => ({ plan, tenants: count })),
      tenants,
      totals: {
        executions24h: sum(tenants.map(t => t.executions24h)),
        executions7d: sum(tenants.map(t => t.executions7d)),
        costMonthToDate: cents(sum(tenants.map(t => t.costMonthToDate))),
        overQuotaTenants: tenants.filter(t => t.overQuota.length > 0).length,
        overBudgetTenants: tenants.filter(t => t.overBudget).length,
      },
    };
  }

  /**
   * Executions and tokens per hour since the hour of `from` (all tenants,
   * or `tenants`), for the executive metrics.
   */
  async usageSeries(from: string, tenants?: string[]) {
    const now = this.options.now?.() ?? new Date();
    const start = new Date(from);
    if (now.getTime() - start.getTime() > MAX_SERIES_DAYS * DAY_MS) {
      throw new InputError(
        `from must be within the last ${MAX_SERIES_DAYS} days, not ${from}`,
      );
    }
    start.setUTCMinutes(0, 0, 0);
    return {
      hours: await this.options.stores.usage.executionsAndTokensPerHour(
        start.toISOString(),
        tenants,
      ),
    };
  }
}

import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  Adjustment,
  BudgetInput,
  BudgetState,
  Estimate,
  EstimateInput,
  PeriodList,
  Pricing,
  QuotaChange,
  QuotaList,
  TenantUsageList,
  UsageDetails,
  UsageSummary,
} from '@controlplane/plugin-billing-common';

/** How usage details are grouped. */
export type GroupBy = 'app' | 'agent' | 'type' | 'model' | 'day';

/**
 * The billing backend's REST API at `/api/billing`, as the page uses it.
 * Every type comes from its openapi.yaml (generated into the -common
 * package).
 */
export interface BillingApi {
  listTenantUsage(period?: string): Promise<TenantUsageList>;
  getUsage(tenant: string, period?: string): Promise<UsageSummary>;
  getUsageDetails(
    tenant: string,
    groupBy: GroupBy,
    period?: string,
  ): Promise<UsageDetails>;
  listPeriods(tenant: string): Promise<PeriodList>;
  listQuotas(tenant: string): Promise<QuotaList>;
  updateQuota(
    tenant: string,
    resourceType: string,
    limit: number,
    reason?: string,
  ): Promise<QuotaChange>;
  /** The budget, or undefined when the tenant has none (404). */
  getBudget(tenant: string): Promise<BudgetState | undefined>;
  setBudget(tenant: string, budget: BudgetInput): Promise<BudgetState>;
  listAdjustments(tenant: string): Promise<{ items: Adjustment[] }>;
  createAdjustment(
    tenant: string,
    amount: number,
    reason: string,
  ): Promise<Adjustment>;
  getPricing(): Promise<Pricing>;
  estimate(input: EstimateInput): Promise<Estimate>;
}

export const billingApiRef = createApiRef<BillingApi>({
  id: 'plugin.billing.api',
});

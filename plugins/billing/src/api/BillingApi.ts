import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  Adjustment,
  BillingTenantPage,
  BudgetAlertList,
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
  /**
   * The tenants in the user's reach, by name; with `mine`, only those the
   * user is a member of (through tenant-scoped roles).
   */
  listTenants(query?: {
    mine?: boolean;
    limit?: number;
  }): Promise<BillingTenantPage>;
  /** Budget thresholds crossed since `since` (default: the last 24 hours). */
  listBudgetAlerts(query?: {
    since?: string;
    limit?: number;
  }): Promise<BudgetAlertList>;
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

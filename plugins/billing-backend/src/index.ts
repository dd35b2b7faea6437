/**
 * The billing backend plugin: exactly-once usage ingestion, export for the
 * external billing system, usage and costs, periods, quotas and budgets
 * under `/api/billing` (contract in src/schema/openapi.yaml).
 *
 * @packageDocumentation
 */
export { billingPlugin as default, billingTenantResourceRef } from './plugin';
export { bindBillingStores, migrateBillingDatabase } from './database/stores';
export type { HourlyUsage } from './database/UsageStore';

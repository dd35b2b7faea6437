export { billingApiRef } from './BillingApi';
export type { BillingApi, GroupBy } from './BillingApi';
export { BillingClient } from './BillingClient';

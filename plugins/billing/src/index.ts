/**
 * The billing page and the client of the billing REST API.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { billingApiRef, BillingClient } from './api';
export type { BillingApi } from './api';

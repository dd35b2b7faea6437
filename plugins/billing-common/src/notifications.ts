/**
 * The topics of the billing plugin's notifications. Stable ids: users mute
 * a topic in their notification settings, and the notifications page
 * groups by it.
 */
export const BILLING_NOTIFICATION_TOPICS = {
  /** A tenant's spending reached a threshold of its monthly budget. */
  budgetThreshold: 'budget-threshold',
} as const;

/** One of {@link BILLING_NOTIFICATION_TOPICS}. */
export type BillingNotificationTopic =
  (typeof BILLING_NOTIFICATION_TOPICS)[keyof typeof BILLING_NOTIFICATION_TOPICS];

/** The portal page of one tenant's billing: usage, budget and invoices. */
export const billingTenantPath = (tenant: string): string =>
  `/billing/tenants/${encodeURIComponent(tenant)}`;

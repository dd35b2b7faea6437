/**
 * The topics of the tenants plugin's notifications. Stable ids: users mute
 * a topic in their notification settings, and the notifications page
 * groups by it.
 */
export const TENANT_NOTIFICATION_TOPICS = {
  /** Someone accepted an invitation and is now a user of the tenant. */
  invitationAccepted: 'invitation-accepted',
} as const;

/** One of {@link TENANT_NOTIFICATION_TOPICS}. */
export type TenantNotificationTopic =
  (typeof TENANT_NOTIFICATION_TOPICS)[keyof typeof TENANT_NOTIFICATION_TOPICS];

/**
 * The portal page of one tenant, or one of its tabs (`users`,
 * `invitations`, ...: the page opens `?tab=<id>`).
 */
export const tenantPath = (tenant: string, tab?: string): string =>
  `/tenants/${encodeURIComponent(tenant)}${
    tab ? `?tab=${encodeURIComponent(tab)}` : ''
  }`;

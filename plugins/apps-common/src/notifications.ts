/**
 * The topics of the apps plugin's notifications. Stable ids: users mute a
 * topic in their notification settings, and the notifications page groups
 * by it.
 */
export const APP_NOTIFICATION_TOPICS = {
  /** An API key of an app one owns expires soon (within 7 days by default). */
  credentialExpiring: 'credential-expiring',
} as const;

/** One of {@link APP_NOTIFICATION_TOPICS}. */
export type AppNotificationTopic =
  (typeof APP_NOTIFICATION_TOPICS)[keyof typeof APP_NOTIFICATION_TOPICS];

/** The portal page of one managed app, with its API keys. */
export const appPath = (appId: string): string =>
  `/apps/${encodeURIComponent(appId)}`;

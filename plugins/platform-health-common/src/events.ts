/** The events service topic of the platform-health plugin's checks. */
export const PLATFORM_HEALTH_EVENT_TOPIC = 'controlplane.platform-health';

/**
 * Published by the scheduled platform check for each failing check: a
 * scheduled task whose last run failed, or an installed plugin whose
 * dashboard summary or task list cannot be read. The incidents plugin opens
 * one ticket per check from them (its `key`).
 */
export interface PlatformCheckFailedPayload {
  type: 'platform.check-failed';
  /** Stable per check, e.g. `task:billing:billing-close-periods`. */
  key: string;
  /** The plugin the check is about. */
  plugin: string;
  /** What failed, e.g. `Scheduled task billing-close-periods failed`. */
  title: string;
  /** The error as the task or the request reported it. */
  detail: string;
  /** When the check ran, ISO 8601. */
  checkedAt: string;
}

/**
 * The topics of the incidents plugin's notifications. Stable ids: users
 * mute a topic in their notification settings, and the notifications page
 * groups by it.
 */
export const INCIDENT_NOTIFICATION_TOPICS = {
  /** An incident was opened with, or handed to, this assignee. */
  assigned: 'incident-assigned',
  /** An incident one reports, works on or watches changed or has a comment. */
  updated: 'incident-updated',
  /** A maintenance window of the tenant's environments was announced. */
  maintenance: 'maintenance-announced',
} as const;

/** One of {@link INCIDENT_NOTIFICATION_TOPICS}. */
export type IncidentNotificationTopic =
  (typeof INCIDENT_NOTIFICATION_TOPICS)[keyof typeof INCIDENT_NOTIFICATION_TOPICS];

/** The portal page of one incident. */
export const incidentPath = (incidentId: string): string =>
  `/incidents/${encodeURIComponent(incidentId)}`;

/** The portal page of the maintenance windows. */
export const maintenancePath = (): string => '/incidents/maintenance';

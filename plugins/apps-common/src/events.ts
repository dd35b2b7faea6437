import { AppStatus } from './generated';

/** The events service topic of app lifecycle events (the catalog listens). */
export const APPS_EVENT_TOPIC = 'controlplane.apps';

export type AppsEventType =
  | 'app.registered'
  | 'app.updated'
  | 'app.disabled'
  | 'app.enabled';

/** Payload of the events published on {@link APPS_EVENT_TOPIC}. */
export interface AppsEventPayload {
  type: AppsEventType;
  appId: string;
  /** The app's name, also the name of its `App` catalog entity. */
  app: string;
  /** The tenants the app serves after the change. */
  tenants: string[];
  status: AppStatus;
}

/**
 * What a credential did wrong in one hour, past the configured threshold
 * (`apps.alarms`): `credential.failing` for refused or failing calls,
 * `credential.rate-limited` for calls over its rate limit. The incidents
 * plugin opens one ticket per credential from them.
 */
export type CredentialAlarmType =
  | 'credential.failing'
  | 'credential.rate-limited';

/** Payload of a credential alarm published on {@link APPS_EVENT_TOPIC}. */
export interface CredentialAlarmPayload {
  type: CredentialAlarmType;
  appId: string;
  /** The app's name, also the name of its `App` catalog entity. */
  app: string;
  /** The tenants the app serves. */
  tenants: string[];
  credentialId: string;
  /** The credential's name. */
  credential: string;
  /** The hour counted, ISO 8601 UTC. */
  hour: string;
  /** Failed calls in the hour (4xx and 5xx, rate-limited ones apart). */
  failed: number;
  /** Calls refused by the rate limit in the hour. */
  rateLimited: number;
  /** The threshold crossed. */
  threshold: number;
}

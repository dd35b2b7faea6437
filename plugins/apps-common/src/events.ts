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

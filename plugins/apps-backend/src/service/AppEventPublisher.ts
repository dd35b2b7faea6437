import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import {
  APPS_EVENT_TOPIC,
  AppsEventPayload,
  AppsEventType,
  ManagedApp,
} from '@controlplane/plugin-apps-common';

/**
 * Publishes app lifecycle events on `controlplane.apps` (the catalog
 * listens) after the change has committed.
 */
export class AppEventPublisher {
  constructor(
    private readonly events: EventsService,
    private readonly logger: LoggerService,
  ) {}

  /**
   * Without an outbox, an event lost to an events service failure is
   * logged; the catalog provider also reads every app from `GET /entities`
   * on its schedule.
   */
  async publish(type: AppsEventType, app: ManagedApp): Promise<void> {
    const payload: AppsEventPayload = {
      type,
      appId: app.id,
      app: app.name,
      tenants: app.tenants,
      status: app.status,
    };
    try {
      await this.events.publish({
        topic: APPS_EVENT_TOPIC,
        eventPayload: payload,
      });
    } catch (error) {
      this.logger.warn(
        `Could not publish ${type} of app ${app.name}: ${error}`,
      );
    }
  }
}

import { LoggerService } from '@backstage/backend-plugin-api';
import {
  PortalNotification,
  PortalNotifier,
} from '@controlplane/backend-common';
import { PromotionsEventPayload } from '@controlplane/plugin-promotions-common';

/**
 * Tells the world about promotions after the change is committed: an event
 * on `controlplane.promotions` (the catalog refreshes its Deployment
 * entities from it, the incidents plugin reads drift) and notifications to
 * the people concerned. A failure to tell is logged; the change stands.
 */
export class Announcer {
  constructor(
    private readonly options: {
      publish: (payload: PromotionsEventPayload) => Promise<void>;
      notifier: PortalNotifier;
      logger: LoggerService;
    },
  ) {}

  async event(payload: PromotionsEventPayload): Promise<void> {
    try {
      await this.options.publish(payload);
    } catch (error) {
      this.options.logger.warn(`Could not publish ${payload.type}: ${error}`);
    }
  }

  async notify(notification: PortalNotification): Promise<void> {
    await this.options.notifier.notify(notification);
  }
}

import { LoggerService } from '@backstage/backend-plugin-api';
import { PromotionsEventPayload } from '@controlplane/plugin-promotions-common';

/** Sends a Backstage notification to entities (users or groups). */
export type Notify = (options: {
  entityRefs: string[];
  title: string;
  description: string;
  link: string;
  severity: 'normal' | 'high';
}) => Promise<void>;

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
      notify: Notify;
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

  async notify(options: Parameters<Notify>[0]): Promise<void> {
    const entityRefs = options.entityRefs.filter(ref =>
      /^(user|group):/.test(ref),
    );
    if (entityRefs.length === 0) return;
    try {
      await this.options.notify({ ...options, entityRefs });
    } catch (error) {
      this.options.logger.warn(
        `Could not notify ${entityRefs.join(', ')}: ${error}`,
      );
    }
  }
}

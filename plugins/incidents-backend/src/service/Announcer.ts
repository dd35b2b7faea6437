import { LoggerService } from '@backstage/backend-plugin-api';
import {
  PortalNotificationSeverity,
  PortalNotifier,
} from '@controlplane/backend-common';
import {
  IncidentNotificationTopic,
  incidentPath,
  IncidentsEventPayload,
} from '@controlplane/plugin-incidents-common';
import { StoredIncident } from '../database/rows';

/** How loud a notification about an incident of each severity is. */
const NOTIFICATION_SEVERITY: Record<string, PortalNotificationSeverity> = {
  SEV1: 'critical',
  SEV2: 'high',
  SEV3: 'normal',
  SEV4: 'normal',
};

/**
 * Tells about incidents after the change is committed: an event on
 * `controlplane.incidents` (promotions freeze on SEV1/SEV2) and
 * notifications to the people concerned. A failure to tell is logged; the
 * change stands.
 */
export class Announcer {
  constructor(
    private readonly options: {
      publish: (payload: IncidentsEventPayload) => Promise<void>;
      notifier: PortalNotifier;
      logger: LoggerService;
    },
  ) {}

  async event(
    type: IncidentsEventPayload['type'],
    incident: StoredIncident,
  ): Promise<void> {
    try {
      await this.options.publish({
        type,
        incident: {
          id: incident.id,
          title: incident.title,
          severity: incident.severity,
          status: incident.status,
          tenant: incident.tenant,
          entities: incident.entities,
        },
      });
    } catch (error) {
      this.options.logger.warn(`Could not publish ${type}: ${error}`);
    }
  }

  /** Notifies these people of an incident, leaving out who acted. */
  async notify(
    incident: StoredIncident,
    recipients: Array<string | null | undefined>,
    what: string,
    options: { topic: IncidentNotificationTopic; actor?: string },
  ): Promise<void> {
    await this.options.notifier.notify({
      topic: options.topic,
      recipients,
      exclude: options.actor,
      title: `${incident.severity} ${incident.title}: ${what}`,
      description: `${incident.status}, priority ${incident.priority}${
        incident.tenant ? `, tenant ${incident.tenant}` : ''
      }`,
      link: incidentPath(incident.id),
      severity: NOTIFICATION_SEVERITY[incident.severity],
    });
  }
}

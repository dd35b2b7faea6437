import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  NotificationSendOptions,
  NotificationService,
  notificationService,
} from '@backstage/plugin-notifications-node';

/** How loud a notification is (Backstage's notification severities). */
export type PortalNotificationSeverity = NonNullable<
  NotificationSendOptions['payload']['severity']
>;

/**
 * A notification of a domain plugin: always a topic (users mute topics in
 * their settings, the notifications page groups by it) and a link to the
 * page of the portal where it is handled.
 */
export interface PortalNotification {
  /** A stable topic id from the plugin's `-common` package, e.g. `promotion-waiting`. */
  topic: string;
  /**
   * Users and groups to tell (`user:…`, `group:…` entity refs); empty,
   * missing and other refs (services, apps) are left out.
   */
  recipients: ReadonlyArray<string | null | undefined>;
  /** Who caused it: not told, even as a member of a recipient group. */
  exclude?: string;
  /** What happened, in a line (the list shows it as the link). */
  title: string;
  /** The details under the title. */
  description: string;
  /** The portal page that handles it, e.g. `/promotions/requests/<id>`. */
  link: string;
  /** Default `normal`. */
  severity?: PortalNotificationSeverity;
  /**
   * The same scope (and origin) replaces a user's earlier notification
   * instead of adding one.
   */
  scope?: string;
}

/**
 * Sends the notifications of a domain plugin through Backstage's
 * notifications service, after the change it tells about is committed. A
 * failure to tell is logged, never thrown: the change stands.
 */
export interface PortalNotifier {
  /**
   * Sends `notification`; true when the notifications service took it,
   * false when there was nobody to tell or sending failed (logged).
   */
  notify(notification: PortalNotification): Promise<boolean>;
}

const NOTIFIABLE_REF = /^(user|group):/;

/** A notifier on a notifications service (the plugin's, or a test's). */
export function createPortalNotifier(options: {
  notifications: NotificationService;
  logger: LoggerService;
}): PortalNotifier {
  return {
    async notify(notification) {
      const entityRefs = [
        ...new Set(
          notification.recipients.filter(
            (ref): ref is string => !!ref && NOTIFIABLE_REF.test(ref),
          ),
        ),
      ].filter(ref => ref !== notification.exclude);
      if (entityRefs.length === 0) return false;
      try {
        await options.notifications.send({
          recipients: {
            type: 'entity',
            entityRef: entityRefs,
            ...(notification.exclude
              ? { excludeEntityRef: notification.exclude }
              : {}),
          },
          payload: {
            topic: notification.topic,
            title: notification.title,
            description: notification.description,
            link: notification.link,
            severity: notification.severity ?? 'normal',
            ...(notification.scope ? { scope: notification.scope } : {}),
          },
        });
        return true;
      } catch (error) {
        options.logger.warn(
          `Could not send the ${
            notification.topic
          } notification to ${entityRefs.join(', ')}: ${error}`,
        );
        return false;
      }
    },
  };
}

/**
 * The plugin's {@link PortalNotifier}: `deps: { notifier: portalNotifierServiceRef }`.
 * It sends with the plugin's own notifications service, so the origin users
 * see (and mute by) is `plugin:<pluginId>`.
 */
export const portalNotifierServiceRef = createServiceRef<PortalNotifier>({
  id: 'controlplane.notifier',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { notifications: notificationService, logger: coreServices.logger },
      factory: deps => createPortalNotifier(deps),
    }),
});

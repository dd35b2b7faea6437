import {
  createFrontendModule,
  SubPageBlueprint,
} from '@backstage/frontend-plugin-api';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';

/**
 * The notifications page, grouped by topic: Backstage's notifications page
 * extension with the portal's content (its path, route and API stay the
 * plugin's).
 */
export const notificationsModule = createFrontendModule({
  pluginId: 'notifications',
  extensions: [
    notificationsPlugin.getExtension('page:notifications').override({
      params: {
        loader: () =>
          import('./TopicNotificationsPage').then(m => (
            <m.TopicNotificationsPage />
          )),
      },
    }),
  ],
});

/**
 * Settings > Notifications: Backstage's per-user settings of each origin
 * (plugin) and topic; a topic turned off here is no longer delivered to the
 * user (the notifications backend checks it when it sends).
 */
const notificationSettingsPage = SubPageBlueprint.make({
  name: 'notifications',
  params: {
    path: 'notifications',
    title: 'Notifications',
    loader: async () => {
      const [{ UserNotificationSettingsCard }, { Content }, { ORIGIN_NAMES }] =
        await Promise.all([
          import('@backstage/plugin-notifications'),
          import('@backstage/core-components'),
          import('./topics'),
        ]);
      return (
        <Content>
          <UserNotificationSettingsCard originNames={ORIGIN_NAMES} />
        </Content>
      );
    },
  },
});

/** Adds the notification settings to the user settings page. */
export const notificationSettingsModule = createFrontendModule({
  pluginId: 'user-settings',
  extensions: [notificationSettingsPage],
});

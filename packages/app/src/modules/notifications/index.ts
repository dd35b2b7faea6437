export {
  notificationsModule,
  notificationSettingsModule,
} from './notificationsModule';

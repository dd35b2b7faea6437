import { createApp } from '@backstage/frontend-defaults';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';
import {
  notificationSettingsModule,
  notificationsModule,
} from './modules/notifications';

/**
 * The portal shell. Plugins come from `app.packages` discovery (every
 * frontend plugin in this package's dependencies unless excluded in
 * app-config); the modules below are the shell's own parts.
 */
export default createApp({
  features: [
    navModule,
    homeModule,
    signInModule,
    notificationsModule,
    notificationSettingsModule,
  ],
});

import { createHomeCard } from '@controlplane/frontend-common';
import {
  appsAppDisablePermission,
  appsCredentialRotatePermission,
} from '@controlplane/plugin-apps-common';

/**
 * "Credential failures (24 h)" for operators: for those who may disable a
 * failing app (`apps.app.disable`; a tenant's owners for their tenant's
 * apps), not for developers, who read every app's usage but manage only
 * their own apps' credentials.
 */
export const credentialFailuresCard = createHomeCard({
  name: 'credential-failures',
  widgetName: 'CredentialFailures',
  title: 'Credential failures (24 h)',
  description:
    'Apps whose credentials failed to authenticate in the last 24 hours',
  permission: appsAppDisablePermission,
  order: 130,
  loader: () =>
    import('./CredentialFailuresCard').then(m => <m.CredentialFailuresCard />),
});

/**
 * "My apps": the apps the user or their groups own, credentials expiring
 * soon first. For those who rotate the credentials of their own apps only
 * (`apps.credential.rotate` granted `@owned`, as developers hold it, or in
 * their tenants): an operator, who may rotate any app's, has the credential
 * failures instead.
 */
export const myAppsCard = createHomeCard({
  name: 'my-apps',
  widgetName: 'MyApps',
  title: 'My apps',
  description: 'Apps you or your groups own, with credentials expiring soon',
  permission: appsCredentialRotatePermission,
  audience: 'scoped',
  order: 30,
  loader: () => import('./MyAppsCard').then(m => <m.MyAppsCard />),
});

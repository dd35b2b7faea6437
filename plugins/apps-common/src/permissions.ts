import {
  createPermission,
  Permission,
} from '@backstage/plugin-permission-common';

/**
 * The resource type of every app permission: the resource is the managed
 * application and its resourceRef is the app id. The apps backend registers
 * the shared `IS_IN_TENANT` rule on it; an app matches when every tenant it
 * serves is one of the rule's tenants, so a member scoped to acme never
 * touches an app that also serves globex.
 */
export const APP_RESOURCE_TYPE = 'apps-app';

const onApp = (name: string, action: 'read' | 'update' | 'delete') =>
  createPermission({
    name,
    attributes: { action },
    resourceType: APP_RESOURCE_TYPE,
  });

/** See apps, their configuration and their credentials' metadata. */
export const appsAppReadPermission = onApp('apps.app.read', 'read');
/** Register a new app (basic: there is no app yet to scope to). */
export const appsAppCreatePermission = createPermission({
  name: 'apps.app.create',
  attributes: { action: 'create' },
});
/** Change an app's configuration: title, description, owner, tenants, rate limits. */
export const appsAppUpdatePermission = onApp('apps.app.update', 'update');
/** Disable an app (every call with its credentials is refused) and enable it again. */
export const appsAppDisablePermission = onApp('apps.app.disable', 'update');
/** See an app's credentials (never their secrets). */
export const appsCredentialReadPermission = onApp(
  'apps.credential.read',
  'read',
);
/** Issue a credential for an app. */
export const appsCredentialCreatePermission = onApp(
  'apps.credential.create',
  'update',
);
/** Rotate a credential's secret, with a grace period for the old one. */
export const appsCredentialRotatePermission = onApp(
  'apps.credential.rotate',
  'update',
);
/** Revoke a credential. */
export const appsCredentialRevokePermission = onApp(
  'apps.credential.revoke',
  'delete',
);
/** See an app's usage per credential and endpoint. */
export const appsUsageReadPermission = onApp('apps.usage.read', 'read');

export const appsPermissions: Permission[] = [
  appsAppReadPermission,
  appsAppCreatePermission,
  appsAppUpdatePermission,
  appsAppDisablePermission,
  appsCredentialReadPermission,
  appsCredentialCreatePermission,
  appsCredentialRotatePermission,
  appsCredentialRevokePermission,
  appsUsageReadPermission,
];

/** One line per permission, for the RBAC permission list. */
export const appsPermissionDescriptions: Record<string, string> = {
  'apps.app.read': 'See managed applications and their credentials metadata',
  'apps.app.create': 'Register a managed application',
  'apps.app.update': "Change an app's configuration, tenants and rate limits",
  'apps.app.disable':
    'Disable an app (all its calls are refused) or enable it again',
  'apps.credential.read': "See an app's credentials (never a secret)",
  'apps.credential.create': 'Issue a credential (client id and secret)',
  'apps.credential.rotate': "Rotate a credential's secret with a grace period",
  'apps.credential.revoke': 'Revoke a credential',
  'apps.usage.read': "See an app's API usage",
};

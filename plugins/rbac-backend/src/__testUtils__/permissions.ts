import { PermissionInfo } from '@controlplane/plugin-rbac-common';
import { PermissionSource } from '../service/RoleService';

/**
 * Permissions as the apps and tenants plugins register them, for service
 * tests that run without those plugins: the apps resource type has the owner
 * rule, the tenants one does not.
 */
export const TEST_PERMISSIONS: PermissionInfo[] = [
  {
    name: 'apps.app.create',
    pluginId: 'apps',
    type: 'basic',
    action: 'create',
    description: 'Register an app',
  },
  ...['apps.app.read', 'apps.app.update', 'apps.credential.create'].map(
    (name): PermissionInfo => ({
      name,
      pluginId: 'apps',
      type: 'resource',
      resourceType: 'apps-app',
      ownable: true,
      description: name,
    }),
  ),
  {
    name: 'tenants.tenant.read',
    pluginId: 'tenants',
    type: 'resource',
    resourceType: 'tenant',
    description: 'See tenants',
  },
];

/** A permission source answering {@link TEST_PERMISSIONS}. */
export const testPermissionSource: PermissionSource = {
  list: async () => TEST_PERMISSIONS,
};

import {
  createPermission,
  Permission,
} from '@backstage/plugin-permission-common';

/**
 * The resource type of the platform-health permissions: the resource is a
 * tenant (resourceRef = tenant name). Held unconditionally, a permission
 * covers the whole platform; held through a tenant-scoped role, only the
 * figures of those tenants.
 */
export const platformHealthTenantResourceType = 'platform-health-tenant';

/** See the platform dashboard's figures (of the tenants in reach). */
export const platformHealthDashboardReadPermission = createPermission({
  name: 'platform-health.dashboard.read',
  attributes: { action: 'read' },
  resourceType: platformHealthTenantResourceType,
});

/** Every permission of the plugin, as the backend registers them. */
export const platformHealthPermissions: Permission[] = [
  platformHealthDashboardReadPermission,
];

/** One line per permission, for the RBAC plugin's permission list. */
export const platformHealthPermissionDescriptions: Record<string, string> = {
  'platform-health.dashboard.read':
    "See the platform dashboard: the whole platform's figures, or a tenant's through a tenant-scoped role",
};

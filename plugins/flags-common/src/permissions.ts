import {
  createPermission,
  Permission,
} from '@backstage/plugin-permission-common';

/**
 * The resource type of the per-tenant permissions: the resource is a tenant
 * (resourceRef = tenant name). The backend registers the shared
 * `IS_IN_TENANT` rule on it, so a member scoped to acme sees and overrides
 * acme's flags only.
 */
export const flagsTenantResourceType = 'flags-tenant';

/** See flag definitions and their environment and plan values (basic). */
export const flagsFlagReadPermission = createPermission({
  name: 'flags.flag.read',
  attributes: { action: 'read' },
});
/** Create a flag (basic). */
export const flagsFlagCreatePermission = createPermission({
  name: 'flags.flag.create',
  attributes: { action: 'create' },
});
/**
 * Change a flag: its definition, lifecycle, environment defaults, plan
 * values and scheduled changes (basic).
 */
export const flagsFlagUpdatePermission = createPermission({
  name: 'flags.flag.update',
  attributes: { action: 'update' },
});
/** Turn a flag off everywhere at once, or back on (basic). */
export const flagsFlagKillPermission = createPermission({
  name: 'flags.flag.kill',
  attributes: { action: 'update' },
});
/** See a tenant's effective flags, overrides and "evaluate as". */
export const flagsTenantReadPermission = createPermission({
  name: 'flags.tenant.read',
  attributes: { action: 'read' },
  resourceType: flagsTenantResourceType,
});
/** Set or clear a tenant's overrides. */
export const flagsTenantUpdatePermission = createPermission({
  name: 'flags.tenant.update',
  attributes: { action: 'update' },
  resourceType: flagsTenantResourceType,
});

/** Every permission of the plugin, as the backend registers them. */
export const flagsPermissions: Permission[] = [
  flagsFlagReadPermission,
  flagsFlagCreatePermission,
  flagsFlagUpdatePermission,
  flagsFlagKillPermission,
  flagsTenantReadPermission,
  flagsTenantUpdatePermission,
];

/** One line per permission, for the RBAC plugin's permission list. */
export const flagsPermissionDescriptions: Record<string, string> = {
  'flags.flag.read': 'See feature flags, their values per environment and plan',
  'flags.flag.create': 'Create a feature flag',
  'flags.flag.update':
    'Change a feature flag, its lifecycle, environment and plan values, schedules',
  'flags.flag.kill': 'Turn a feature flag off everywhere at once (kill switch)',
  'flags.tenant.read':
    "See a tenant's effective feature flags and evaluate flags as the tenant",
  'flags.tenant.update': "Set or clear a tenant's feature flag overrides",
};

import {
  createPermission,
  Permission,
} from '@backstage/plugin-permission-common';

/**
 * The resource type of the per-tenant billing permissions: the resource is
 * a tenant (resourceRef = tenant name), so tenant-scoped members (a tenant's
 * owners) see and manage only their tenants' billing.
 */
export const billingTenantResourceType = 'billing-tenant';

const onTenant = (name: string, action: 'read' | 'update') =>
  createPermission({
    name,
    attributes: { action },
    resourceType: billingTenantResourceType,
  });

/** See a tenant's usage, costs, periods, quotas, budget and adjustments. */
export const billingUsageReadPermission = onTenant(
  'billing.usage.read',
  'read',
);
/** Change a tenant's quota limits. */
export const billingQuotaUpdatePermission = onTenant(
  'billing.quota.update',
  'update',
);
/** Set a tenant's monthly budget, thresholds and hard cap. */
export const billingBudgetUpdatePermission = onTenant(
  'billing.budget.update',
  'update',
);
/** Credit or charge a tenant (basic: the platform's, not the tenant's). */
export const billingAdjustmentCreatePermission = createPermission({
  name: 'billing.adjustment.create',
  attributes: { action: 'create' },
});

/** Every permission of the plugin, as the backend registers them. */
export const billingPermissions: Permission[] = [
  billingUsageReadPermission,
  billingQuotaUpdatePermission,
  billingBudgetUpdatePermission,
  billingAdjustmentCreatePermission,
];

/** One line per permission, for the RBAC plugin's permission list. */
export const billingPermissionDescriptions: Record<string, string> = {
  'billing.usage.read':
    "See a tenant's usage, costs, periods, quotas, budget and adjustments",
  'billing.quota.update': "Change a tenant's quota limits",
  'billing.budget.update': "Set a tenant's monthly budget and its alerts",
  'billing.adjustment.create': 'Credit or charge a tenant, with a reason',
};

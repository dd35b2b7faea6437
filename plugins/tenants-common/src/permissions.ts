import {
  createPermission,
  Permission,
} from '@backstage/plugin-permission-common';

/**
 * The resource type of every tenant-scoped permission: the resource is the
 * tenant itself and its resourceRef is the tenant name (`acme`). The tenants
 * backend registers the shared `IS_IN_TENANT` rule on it, so members scoped to
 * a tenant (`user:default/tina@acme`) act only inside that tenant.
 */
export const TENANT_RESOURCE_TYPE = 'tenants-tenant';

const onTenant = (name: string, action: 'read' | 'update' | 'delete') =>
  createPermission({
    name,
    attributes: { action },
    resourceType: TENANT_RESOURCE_TYPE,
  });

/** See tenants (list, search, detail). */
export const tenantsTenantReadPermission = onTenant(
  'tenants.tenant.read',
  'read',
);
/** Provision a new tenant (basic: there is no tenant yet to scope to). */
export const tenantsTenantCreatePermission = createPermission({
  name: 'tenants.tenant.create',
  attributes: { action: 'create' },
});
/** Change a tenant's description (display name, applications). */
export const tenantsTenantUpdatePermission = onTenant(
  'tenants.tenant.update',
  'update',
);
/** Change a tenant's plan (FR-TENANT-003). */
export const tenantsTenantChangePlanPermission = onTenant(
  'tenants.tenant.change-plan',
  'update',
);
/** Suspend and reactivate a tenant (FR-OPS-001). */
export const tenantsTenantSuspendPermission = onTenant(
  'tenants.tenant.suspend',
  'update',
);
/** Offboard a tenant (soft delete). */
export const tenantsTenantOffboardPermission = onTenant(
  'tenants.tenant.offboard',
  'delete',
);
/** See a tenant's users and invitations. */
export const tenantsUserReadPermission = onTenant('tenants.user.read', 'read');
/** Invite users, resend and revoke invitations. */
export const tenantsUserInvitePermission = onTenant(
  'tenants.user.invite',
  'update',
);
/** Change a user's role or status. */
export const tenantsUserUpdatePermission = onTenant(
  'tenants.user.update',
  'update',
);
/** Delete a user. */
export const tenantsUserDeletePermission = onTenant(
  'tenants.user.delete',
  'delete',
);
/** See users' sessions. */
export const tenantsSessionReadPermission = onTenant(
  'tenants.session.read',
  'read',
);
/** Revoke users' sessions. */
export const tenantsSessionRevokePermission = onTenant(
  'tenants.session.revoke',
  'update',
);
/** See the SSO configuration (never the client secret). */
export const tenantsSsoReadPermission = onTenant('tenants.sso.read', 'read');
/** Change or remove the SSO configuration. */
export const tenantsSsoUpdatePermission = onTenant(
  'tenants.sso.update',
  'update',
);
/** See the password policy. */
export const tenantsPasswordPolicyReadPermission = onTenant(
  'tenants.password-policy.read',
  'read',
);
/** Change the password policy. */
export const tenantsPasswordPolicyUpdatePermission = onTenant(
  'tenants.password-policy.update',
  'update',
);
/** See the organization (name and settings). */
export const tenantsOrganizationReadPermission = onTenant(
  'tenants.organization.read',
  'read',
);
/** Change the organization name and settings. */
export const tenantsOrganizationUpdatePermission = onTenant(
  'tenants.organization.update',
  'update',
);
/** Start and stop impersonating a tenant user (platform only: basic). */
export const tenantsImpersonationStartPermission = createPermission({
  name: 'tenants.impersonation.start',
  attributes: { action: 'create' },
});
/** See the active impersonations of a tenant's users. */
export const tenantsImpersonationReadPermission = onTenant(
  'tenants.impersonation.read',
  'read',
);
/**
 * Make a tenant user an owner (by invitation or role change), or change,
 * disable or delete an owner. Outside `tenants.user.*` on purpose: a tenant
 * admin manages users but cannot hand out or take away ownership.
 */
export const tenantsOwnerManagePermission = onTenant(
  'tenants.owner.manage',
  'update',
);

/** The resource permissions of {@link TENANT_RESOURCE_TYPE}. */
export const tenantsResourcePermissions = [
  tenantsTenantReadPermission,
  tenantsTenantUpdatePermission,
  tenantsTenantChangePlanPermission,
  tenantsTenantSuspendPermission,
  tenantsTenantOffboardPermission,
  tenantsUserReadPermission,
  tenantsUserInvitePermission,
  tenantsUserUpdatePermission,
  tenantsUserDeletePermission,
  tenantsOwnerManagePermission,
  tenantsSessionReadPermission,
  tenantsSessionRevokePermission,
  tenantsSsoReadPermission,
  tenantsSsoUpdatePermission,
  tenantsPasswordPolicyReadPermission,
  tenantsPasswordPolicyUpdatePermission,
  tenantsOrganizationReadPermission,
  tenantsOrganizationUpdatePermission,
  tenantsImpersonationReadPermission,
];

/** Every permission of the tenants plugin. */
export const tenantsPermissions: Permission[] = [
  ...tenantsResourcePermissions,
  tenantsTenantCreatePermission,
  tenantsImpersonationStartPermission,
];

/** Descriptions shown next to the permissions in the RBAC API and UI. */
export const tenantsPermissionDescriptions: Record<string, string> = {
  [tenantsTenantReadPermission.name]: 'See tenants, search and filter them',
  [tenantsTenantCreatePermission.name]:
    'Provision new tenants with their first owner',
  [tenantsTenantUpdatePermission.name]: 'Change the description of a tenant',
  [tenantsTenantChangePlanPermission.name]:
    'Change the subscription plan of a tenant',
  [tenantsTenantSuspendPermission.name]:
    'Suspend a tenant (revokes every session of its users) and reactivate it',
  [tenantsTenantOffboardPermission.name]:
    'Offboard a tenant: its data is kept, its users lose access',
  [tenantsUserReadPermission.name]: "See a tenant's users and invitations",
  [tenantsUserInvitePermission.name]:
    'Invite users to a tenant, resend and revoke invitations',
  [tenantsUserUpdatePermission.name]:
    "Change a tenant user's role or enable and disable them",
  [tenantsUserDeletePermission.name]: 'Delete users of a tenant',
  [tenantsOwnerManagePermission.name]:
    'Make tenant users owners, or change, disable or delete an owner',
  [tenantsSessionReadPermission.name]: "See the sessions of a tenant's users",
  [tenantsSessionRevokePermission.name]: "Revoke sessions of a tenant's users",
  [tenantsSsoReadPermission.name]:
    "See a tenant's SSO configuration (never the client secret)",
  [tenantsSsoUpdatePermission.name]:
    "Configure or remove a tenant's OIDC single sign-on",
  [tenantsPasswordPolicyReadPermission.name]: "See a tenant's password policy",
  [tenantsPasswordPolicyUpdatePermission.name]:
    "Change a tenant's password policy",
  [tenantsOrganizationReadPermission.name]:
    "See a tenant's organization name and settings",
  [tenantsOrganizationUpdatePermission.name]:
    "Change a tenant's organization name and settings (2FA, session timeout, domains, IP allow-list)",
  [tenantsImpersonationStartPermission.name]:
    'Impersonate a tenant user for support, time-boxed and with a reason',
  [tenantsImpersonationReadPermission.name]:
    "See the active impersonations of a tenant's users",
};

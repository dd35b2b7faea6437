import { TENANT_NAME_PATTERN } from './scoping';

/**
 * A role member: a user or group entity ref, optionally scoped to one tenant.
 * Written as `group:default/acme-owners@acme` (scoped) or
 * `group:default/operators` (every tenant). Entity refs never contain `@`.
 */
export interface RoleMember {
  ref: string;
  /** Set when the member's grants apply only to this tenant's resources. */
  tenant?: string;
}

/** Splits `ref@tenant`; does not validate the ref. */
export function parseRoleMember(member: string): RoleMember {
  const at = member.lastIndexOf('@');
  if (at < 0) return { ref: member };
  return { ref: member.slice(0, at), tenant: member.slice(at + 1) };
}

export function formatRoleMember(member: RoleMember): string {
  return member.tenant ? `${member.ref}@${member.tenant}` : member.ref;
}

/** Why a tenant name is not valid, or undefined when it is. */
export function validateTenantName(tenant: string): string | undefined {
  return TENANT_NAME_PATTERN.test(tenant)
    ? undefined
    : `"${tenant}" is not a tenant name: lower-case letters, digits and dashes, at most 63 characters`;
}

/**
 * The roles a tenant's own owners and administrators hold in the portal
 * when they sign in with their tenant credentials (tenant login).
 */
export const TENANT_LOGIN_ROLES: readonly string[] = [
  'org-owner',
  'tenant-admin',
];

const TENANT_LOGIN_GROUP = /^group:tenant-([^/]+)\/([^/]+)$/;

/**
 * The role membership a tenant login principal holds through `ref`, or
 * undefined. Why implicit: such a principal (signed in by
 * `@controlplane/plugin-auth-backend-module-tenant-login-provider`) has no
 * catalog entity and no stored membership; its token names it
 * `user:tenant-<tenant>/<id>` and gives it `group:tenant-<tenant>/<role>`.
 * That group counts exactly like a member `group:tenant-<tenant>/<role>@<tenant>`
 * of the role: only for {@link TENANT_LOGIN_ROLES}, only in that tenant, and
 * only when the user itself is of that tenant's namespace.
 */
export function tenantLoginMembership(
  userEntityRef: string,
  ref: string,
): { role: string; tenant: string } | undefined {
  const match = TENANT_LOGIN_GROUP.exec(ref);
  if (!match) return undefined;
  const [, tenant, role] = match;
  if (!TENANT_NAME_PATTERN.test(tenant)) return undefined;
  if (!TENANT_LOGIN_ROLES.includes(role)) return undefined;
  if (!userEntityRef.startsWith(`user:tenant-${tenant}/`)) return undefined;
  return { role, tenant };
}

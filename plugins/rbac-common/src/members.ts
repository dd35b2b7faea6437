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

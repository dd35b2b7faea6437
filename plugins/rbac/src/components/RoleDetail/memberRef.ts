import {
  parseRoleMember,
  validateTenantName,
} from '@controlplane/plugin-rbac-common';

const MEMBER_REF =
  /^(user|group):([a-z0-9][a-z0-9._-]*\/)?[a-zA-Z0-9][a-zA-Z0-9._-]*$/;

/** Returns why a member ref is not a `user:` or `group:` entity ref, if so. */
export function validateMemberRef(ref: string): string | undefined {
  return MEMBER_REF.test(ref.trim())
    ? undefined
    : 'Enter a user or group entity ref, e.g. user:default/ada or group:default/operators';
}

/** Returns why an optional tenant name is not valid, if so. */
export function validateOptionalTenant(tenant: string): string | undefined {
  return tenant.trim() === '' ? undefined : validateTenantName(tenant.trim());
}

/** Splits a member for display: the entity ref and its tenant scope. */
export { parseRoleMember };

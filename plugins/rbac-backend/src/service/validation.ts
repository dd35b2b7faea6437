import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  formatRoleMember,
  parseRoleMember,
  PLATFORM_ADMIN_ROLE,
  ROLE_NAME_PATTERN,
  validateGrantPattern,
  validateTenantName,
} from '@controlplane/plugin-rbac-common';

export const MAX_DESCRIPTION_LENGTH = 500;

export function validateRoleName(name: string): void {
  if (!ROLE_NAME_PATTERN.test(name) || name.length > 64) {
    throw new InputError(
      `"${name}" is not a valid role name: use lower-case words joined by dashes, like platform-admin (at most 64 characters)`,
    );
  }
}

export function validateGrant(pattern: string): void {
  const reason = validateGrantPattern(pattern);
  if (reason) throw new InputError(reason);
}

/** A permission name as asked about by `explain`: a grant without wildcard. */
export function validatePermissionName(name: string): void {
  if (name.includes('*') || validateGrantPattern(name)) {
    throw new InputError(
      `"${name}" is not a permission name (e.g. billing.quota.update)`,
    );
  }
}

/**
 * Normalizes a role member: a user or group entity ref (`kind:namespace/name`),
 * optionally scoped to a tenant with `@tenant`.
 */
export function normalizeMemberRef(member: string): string {
  const { ref, tenant } = parseRoleMember(member);
  if (tenant !== undefined) {
    const reason = validateTenantName(tenant);
    if (reason) {
      throw new InputError(`"${member}": ${reason}`);
    }
  }
  return formatRoleMember({ ref: normalizeEntityRef(ref), tenant });
}

/**
 * Platform admins act everywhere: a tenant-scoped platform-admin member would
 * look like an admin (and count against last-admin protection) without being
 * one.
 */
export function checkAdminMember(roleName: string, member: string): void {
  if (roleName === PLATFORM_ADMIN_ROLE && parseRoleMember(member).tenant) {
    throw new InputError(
      `${PLATFORM_ADMIN_ROLE} members cannot be scoped to a tenant ("${member}"); use org-owner or tenant-admin for tenant administrators`,
    );
  }
}

function normalizeEntityRef(ref: string): string {
  let parsed;
  try {
    parsed = parseEntityRef(ref);
  } catch (error) {
    throw new InputError(
      `"${ref}" is not an entity ref like user:default/ada or group:default/operators`,
    );
  }
  const kind = parsed.kind.toLocaleLowerCase('en-US');
  if (kind !== 'user' && kind !== 'group') {
    throw new InputError(
      `"${ref}" is not a user or group entity ref; role members are users and groups`,
    );
  }
  return stringifyEntityRef(parsed);
}

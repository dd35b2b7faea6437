import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  formatRoleMember,
  grantMatches,
  OWNER_RULE,
  parseGrant,
  parseRoleMember,
  PermissionInfo,
  PLATFORM_ADMIN_ROLE,
  ROLE_NAME_PATTERN,
  validateGrantPattern,
  validateTenantName,
} from '@controlplane/plugin-rbac-common';

/** Bounds of the role set (the contract's maxLength and maxItems). */
export const MAX_DESCRIPTION_LENGTH = 500;
export const MAX_ROLES = 1000;
export const MAX_GRANTS_PER_ROLE = 500;
export const MAX_MEMBERS_PER_ROLE = 1000;
export const MAX_MEMBER_LENGTH = 255;

// With the u flag a surrogate code point matches only when unpaired.
const UNPAIRED_SURROGATE = /\p{Cs}/u;
// C0 and C1 control characters and DEL; descriptions may keep tab and line breaks.
// Matching them is the point here.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_CHARACTERS_BUT_WHITESPACE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * Why a text may not be stored, or undefined when it may: unpaired
 * surrogates (they cannot be stored or hashed as received) and control
 * characters, which have no place in names, grants or refs and would hide
 * in a description (NUL included; tab and line breaks allowed there).
 */
export function textProblem(
  text: string,
  kind: 'identifier' | 'description',
): string | undefined {
  if (UNPAIRED_SURROGATE.test(text)) return 'contains an unpaired surrogate';
  if (text.includes('\u0000')) return 'contains a NUL character';
  const control =
    kind === 'identifier'
      ? CONTROL_CHARACTERS
      : CONTROL_CHARACTERS_BUT_WHITESPACE;
  return control.test(text) ? 'contains a control character' : undefined;
}

/** A role's description: bounded, well-formed, no control characters. */
export function validateDescription(
  description: string,
  where = 'The description',
): void {
  if (description.length > MAX_DESCRIPTION_LENGTH) {
    throw new InputError(
      `${where} is longer than ${MAX_DESCRIPTION_LENGTH} characters`,
    );
  }
  const problem = textProblem(description, 'description');
  if (problem) throw new InputError(`${where} ${problem}`);
}

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

/**
 * Why an owned grant (`pattern@owned`) cannot be given, from the permissions
 * the installed plugins register; undefined for a plain grant or a good one.
 * It may not reach a resource permission whose resource type lacks the owner
 * rule (its plugin could not apply the condition), and naming only basic
 * permissions is a mistake (they have no resource to own; through a wildcard
 * they are simply not granted). Like a plain grant, it may name permissions
 * no installed plugin registers (yet), so an exported role set imports
 * anywhere.
 */
export function ownedGrantProblem(
  grant: string,
  permissions: PermissionInfo[],
): string | undefined {
  const { pattern, owned } = parseGrant(grant);
  if (!owned) return undefined;
  const matched = permissions.filter(p => grantMatches(pattern, p.name));
  const resource = matched.filter(p => p.type === 'resource');
  if (matched.length > 0 && resource.length === 0) {
    return `"${grant}": ${pattern} names only basic permissions, which have no resource to own; grant ${pattern} without @owned`;
  }
  const notOwnable = resource.filter(p => !p.ownable);
  if (notOwnable.length > 0) {
    const types = [...new Set(notOwnable.map(p => p.resourceType))].join(', ');
    return `"${grant}": ${notOwnable
      .map(p => p.name)
      .join(
        ', ',
      )} cannot be owner-scoped: no plugin registers the ${OWNER_RULE} rule for resource type ${types}`;
  }
  return undefined;
}

/** A permission name as asked about by `explain`: a grant without wildcard. */
export function validatePermissionName(name: string): void {
  if (name.includes('*') || name.includes('@') || validateGrantPattern(name)) {
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
  if (member.length > MAX_MEMBER_LENGTH) {
    throw new InputError(
      `"${member.slice(
        0,
        40,
      )}..." is longer than ${MAX_MEMBER_LENGTH} characters`,
    );
  }
  const problem = textProblem(member, 'identifier');
  if (problem) {
    throw new InputError(`${JSON.stringify(member)} ${problem}`);
  }
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

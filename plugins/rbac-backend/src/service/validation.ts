import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ROLE_NAME_PATTERN,
  validateGrantPattern,
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

/** Parses a user or group entity ref into its normalized `kind:namespace/name`. */
export function normalizeMemberRef(ref: string): string {
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

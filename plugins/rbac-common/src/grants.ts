import { GrantPattern } from './generated';

/*
 * A grant (the contract's `GrantPattern`) names the permissions a role is
 * given: one permission (`billing.quota.update`), every permission of a domain
 * (`billing.*`, also matching deeper names such as `billing.quota.update`), or
 * everything (`*`).
 */

const PERMISSION_NAME = /^[a-z][a-z0-9-]*(\.[a-zA-Z0-9-]+)*$/;
const DOMAIN_WILDCARD = /^[a-z][a-z0-9-]*(\.[a-zA-Z0-9-]+)*\.\*$/;

/** Whether `pattern` is a well-formed grant; returns a reason when not. */
export function validateGrantPattern(pattern: string): string | undefined {
  if (
    pattern === '*' ||
    PERMISSION_NAME.test(pattern) ||
    DOMAIN_WILDCARD.test(pattern)
  ) {
    return undefined;
  }
  return `"${pattern}" is not a permission name (e.g. billing.quota.update), a domain wildcard (billing.*) or *`;
}

/** Whether a grant pattern covers the named permission. */
export function grantMatches(
  pattern: GrantPattern,
  permissionName: string,
): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) {
    return permissionName.startsWith(pattern.slice(0, -1));
  }
  return pattern === permissionName;
}

import { GrantPattern } from './generated';

/*
 * A grant (the contract's `GrantPattern`) names the permissions a role is
 * given: one permission (`billing.quota.update`), every permission of a domain
 * (`billing.*`, also matching deeper names such as `billing.quota.update`), or
 * everything (`*`).
 *
 * A grant ending in `@owned` (`apps.credential.create@owned`) is owner-scoped:
 * it allows its resource permissions only for the resources the caller owns
 * (their user ref or one of their groups is the owner; see OWNER_RULE) and
 * never allows a basic permission, since a basic permission has no resource
 * to own. `*` cannot be owner-scoped.
 */

const PERMISSION_NAME = /^[a-z][a-z0-9-]*(\.[a-zA-Z0-9-]+)*$/;
const DOMAIN_WILDCARD = /^[a-z][a-z0-9-]*(\.[a-zA-Z0-9-]+)*\.\*$/;

/** The suffix of an owner-scoped grant: `apps.credential.create@owned`. */
export const OWNED_GRANT_SUFFIX = '@owned';

/** The longest grant, suffix included (the contract's `GrantPattern`). */
export const MAX_GRANT_LENGTH = 255;

/** A grant split into the permissions it names and its scope. */
export interface ParsedGrant {
  /** The permission name, domain wildcard or `*`. */
  pattern: string;
  /** Whether it applies only to resources the caller owns. */
  owned: boolean;
}

/** Splits `pattern@owned`; does not validate the pattern. */
export function parseGrant(grant: string): ParsedGrant {
  return grant.endsWith(OWNED_GRANT_SUFFIX)
    ? { pattern: grant.slice(0, -OWNED_GRANT_SUFFIX.length), owned: true }
    : { pattern: grant, owned: false };
}

/** The grant as stored and shown: `pattern`, or `pattern@owned`. */
export function formatGrant(grant: ParsedGrant): string {
  return grant.owned ? `${grant.pattern}${OWNED_GRANT_SUFFIX}` : grant.pattern;
}

/** Whether `grant` is a well-formed grant; returns a reason when not. */
export function validateGrantPattern(grant: string): string | undefined {
  if (grant.length > MAX_GRANT_LENGTH) {
    return `"${grant.slice(
      0,
      40,
    )}..." is longer than ${MAX_GRANT_LENGTH} characters`;
  }
  const { pattern, owned } = parseGrant(grant);
  if (owned && pattern === '*') {
    return `"${grant}": * cannot be owner-scoped; name the permissions (apps.credential.create@owned) or a domain (apps.*@owned)`;
  }
  if (
    pattern === '*' ||
    PERMISSION_NAME.test(pattern) ||
    DOMAIN_WILDCARD.test(pattern)
  ) {
    return undefined;
  }
  return `"${grant}" is not a permission name (e.g. billing.quota.update), a domain wildcard (billing.*) or *, optionally followed by ${OWNED_GRANT_SUFFIX}`;
}

/**
 * Whether a grant's pattern covers the named permission, whatever its scope
 * (an owned grant covers the permissions of its pattern, for owned
 * resources only).
 */
export function grantMatches(
  grant: GrantPattern,
  permissionName: string,
): boolean {
  const { pattern } = parseGrant(grant);
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) {
    return permissionName.startsWith(pattern.slice(0, -1));
  }
  return pattern === permissionName;
}

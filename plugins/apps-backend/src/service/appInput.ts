import { InputError } from '@backstage/errors';
import { tenantNameProblem } from '@controlplane/plugin-tenants-common';

/*
 * Checks of app input beyond what the contract validates (it validates the
 * HTTP requests; apps seeded from configuration come without it).
 */

const OWNER_PATTERN = /^(user|group):([a-z0-9][a-z0-9._-]*\/)?[\w.-]{1,63}$/i;

/** The trimmed text, or null when empty; 400 when longer than `max`. */
export function trimmedOrNull(
  value: string | null | undefined,
  what: string,
  max: number,
): string | null {
  const trimmed = value?.trim() ?? '';
  if (trimmed.length > max) {
    throw new InputError(`${what} must be at most ${max} characters`);
  }
  return trimmed || null;
}

/** An owner entity ref of a user or group, trimmed; else 400. */
export function checkOwner(owner: string): string {
  const trimmed = owner.trim();
  if (!OWNER_PATTERN.test(trimmed)) {
    throw new InputError(
      `"${owner}" is not an owner: an entity ref like group:default/team-apps or user:default/ada`,
    );
  }
  return trimmed;
}

/** Tenant names, without duplicates and sorted; 400 for a bad name. */
export function checkTenants(tenants: string[]): string[] {
  for (const tenant of tenants) {
    const problem = tenantNameProblem(tenant);
    if (problem) throw new InputError(problem);
  }
  return [...new Set(tenants)].sort();
}

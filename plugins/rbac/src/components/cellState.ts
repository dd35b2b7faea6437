import {
  formatGrant,
  grantMatches,
  parseGrant,
} from '@controlplane/plugin-rbac-common';

/** How a role's grants cover one permission. */
export interface CellState {
  /** Some grant of the role matches the permission. */
  granted: boolean;
  /**
   * The grant of exactly this permission name the role holds, plain or
   * owned (`apps.credential.create@owned`); undefined when none.
   */
  exact?: string;
  /** Wildcard grants (`billing.*`, `*`, `apps.*@owned`) that also cover it. */
  wildcards: string[];
  /** Every matching grant is owned: only for resources the member owns. */
  ownedOnly: boolean;
}

export function cellState(grants: string[], permissionName: string): CellState {
  const plain = permissionName;
  const owned = formatGrant({ pattern: permissionName, owned: true });
  const exact = [plain, owned].find(grant => grants.includes(grant));
  const matching = grants.filter(grant => grantMatches(grant, permissionName));
  const wildcards = matching.filter(
    grant => grant !== plain && grant !== owned,
  );
  return {
    granted: matching.length > 0,
    ...(exact ? { exact } : {}),
    wildcards,
    ownedOnly:
      matching.length > 0 && matching.every(grant => parseGrant(grant).owned),
  };
}

/** Whether a grant is a wildcard rather than one permission (owned or not). */
export const isWildcard = (grant: string) => {
  const { pattern } = parseGrant(grant);
  return pattern === '*' || pattern.endsWith('.*');
};

/** Groups permissions by plugin, keeping plugin ids sorted. */
export function groupByPlugin<T extends { pluginId: string }>(
  items: T[],
): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.pluginId) ?? [];
    group.push(item);
    groups.set(item.pluginId, group);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

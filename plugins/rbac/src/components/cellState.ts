import { grantMatches } from '@controlplane/plugin-rbac-common';

/** How a role's grants cover one permission. */
export interface CellState {
  /** Some grant of the role matches the permission. */
  granted: boolean;
  /** The role grants exactly this permission name. */
  exact: boolean;
  /** Wildcard grants (`billing.*`, `*`) that also cover it. */
  wildcards: string[];
}

export function cellState(grants: string[], permissionName: string): CellState {
  const exact = grants.includes(permissionName);
  const wildcards = grants.filter(
    grant => grant !== permissionName && grantMatches(grant, permissionName),
  );
  return { granted: exact || wildcards.length > 0, exact, wildcards };
}

/** Whether a grant pattern is a wildcard rather than one permission. */
export const isWildcard = (pattern: string) =>
  pattern === '*' || pattern.endsWith('.*');

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

import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * The full entity ref of an owner as typed (`group:team-apps` becomes
 * `group:default/team-apps`), or undefined when it is not an entity ref of a
 * user or group.
 */
export function normalizeOwnerRef(text: string): string | undefined {
  try {
    const ref = parseEntityRef(text.trim());
    const kind = ref.kind.toLocaleLowerCase('en-US');
    if (kind !== 'group' && kind !== 'user') return undefined;
    return stringifyEntityRef({ ...ref, kind });
  } catch {
    return undefined;
  }
}

export const OWNER_HELP =
  'Entity ref of the owning group or user, e.g. group:default/team-apps';

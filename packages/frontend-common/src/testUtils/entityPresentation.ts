import {
  defaultEntityPresentation,
  EntityPresentationApi,
} from '@backstage/plugin-catalog-react';

/**
 * The names the fake entity presentation API gives, by entity ref: the
 * display names and titles of the demo organization (`examples/org.yaml`).
 */
export const TEST_ENTITY_NAMES: Readonly<Record<string, string>> = {
  'user:default/ada': 'Ada Admin',
  'user:default/oscar': 'Oscar Operator',
  'user:default/april': 'April Approver',
  'user:default/devon': 'Devon Developer',
  'user:default/audrey': 'Audrey Auditor',
  'user:default/sam': 'Sam Support',
  'user:default/tina': 'Tina Tenant-Owner',
  'group:default/platform-admins': 'Platform admins',
  'group:default/operators': 'Operators',
  'group:default/approvers': 'Release approvers',
  'group:default/team-agents': 'Agents team',
  'group:default/team-apps': 'Apps team',
  'group:default/auditors': 'Auditors',
  'group:default/support': 'Support',
  'group:default/acme-owners': 'Acme Corp owners',
};

/** `kind:namespace/name`, lower case, as the catalog compares refs. */
function fullRef(ref: string, defaultKind?: string): string {
  const withKind =
    ref.includes(':') || !defaultKind ? ref : `${defaultKind}:${ref}`;
  return defaultEntityPresentation(withKind).entityRef.toLocaleLowerCase(
    'en-US',
  );
}

/**
 * An entity presentation API that knows the names of `names` (by default
 * {@link TEST_ENTITY_NAMES}) at once, as the catalog's once it has loaded
 * them, and presents any other ref as the catalog's does an entity it does
 * not find: by its ref, shortened.
 */
export function fakeEntityPresentationApi(
  names: Readonly<Record<string, string>> = TEST_ENTITY_NAMES,
): EntityPresentationApi {
  const known = new Map(
    Object.entries(names).map(([ref, name]) => [fullRef(ref), name]),
  );
  return {
    forEntity(entityOrRef, context) {
      const fallback = defaultEntityPresentation(entityOrRef, context);
      const name =
        typeof entityOrRef === 'string'
          ? known.get(fullRef(entityOrRef, context?.defaultKind))
          : undefined;
      const snapshot = name
        ? {
            ...fallback,
            primaryTitle: name,
            secondaryTitle: fallback.entityRef,
          }
        : fallback;
      return { snapshot, promise: Promise.resolve(snapshot) };
    },
  };
}

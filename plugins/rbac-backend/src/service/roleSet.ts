import { InputError } from '@backstage/errors';
import { QueryParams } from '@controlplane/common';
import {
  ImportDiff,
  PLATFORM_ADMIN_ROLE,
  RbacApiOperations,
  Role,
  ROLE_NAME_PATTERN,
  validateGrantPattern,
} from '@controlplane/plugin-rbac-common';
import { parseDocument, stringify } from 'yaml';
import {
  MAX_GRANTS_PER_ROLE,
  MAX_MEMBERS_PER_ROLE,
  MAX_ROLES,
  normalizeMemberRef,
  textProblem,
  validateDescription,
} from './validation';

export const ROLE_SET_API_VERSION = 'controlplane.io/v1alpha1';
export const ROLE_SET_KIND = 'RoleSet';

/** One role of a role set document: what the role is, without timestamps. */
export type RoleSetRole = Pick<
  Role,
  'name' | 'description' | 'grants' | 'members'
>;

/** How an import treats roles that exist but are not in the document. */
export type ImportMode = NonNullable<
  QueryParams<RbacApiOperations['ImportRoles']>['mode']
>;

/** One updated role of an {@link ImportDiff}. */
type RoleUpdate = ImportDiff['updated'][number];

/** Plain code-unit order, the same on every database and locale. */
function byCodeUnit(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

const sorted = (values: Iterable<string>) => [...values].sort(byCodeUnit);

/** Renders roles as a RoleSet YAML document, everything sorted for stable diffs. */
export function exportRoleSet(roles: RoleSetRole[]): string {
  const document = {
    apiVersion: ROLE_SET_API_VERSION,
    kind: ROLE_SET_KIND,
    roles: [...roles]
      .sort((a, b) => byCodeUnit(a.name, b.name))
      .map(role => ({
        name: role.name,
        description: role.description,
        grants: sorted(role.grants),
        members: sorted(role.members),
      })),
  };
  // No line folding: one line per value keeps diffs readable.
  return stringify(document, { lineWidth: 0 });
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkKeys(
  value: Record<string, unknown>,
  allowed: string[],
  where: string,
) {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new InputError(
        `${where} has the unknown field "${key}"; allowed fields: ${allowed.join(
          ', ',
        )}`,
      );
    }
  }
}

function stringList(value: unknown, where: string, maxItems: number): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some(item => typeof item !== 'string')) {
    throw new InputError(`${where} must be a list of strings`);
  }
  if (value.length > maxItems) {
    throw new InputError(`${where} has more than ${maxItems} entries`);
  }
  for (const item of value as string[]) {
    const problem = textProblem(item, 'identifier');
    if (problem) {
      throw new InputError(`${where}: ${JSON.stringify(item)} ${problem}`);
    }
  }
  return value as string[];
}

/**
 * Parses and validates a RoleSet YAML document without touching the
 * database. Throws an InputError naming the offending role and field.
 * Grants and members are normalized, de-duplicated and sorted.
 */
export function parseRoleSet(text: string): RoleSetRole[] {
  // Refused outright: YAML would carry a NUL into a description, and nothing
  // of a role set needs one (escaped ones, `"\0"`, are caught per field).
  if (text.includes('\u0000')) {
    throw new InputError('The document contains a NUL character');
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new InputError(
      `The document is not valid YAML: ${doc.errors[0].message}`,
    );
  }
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new InputError(
      `The document is not valid YAML: ${(error as Error).message}`,
    );
  }
  if (!isObject(root)) {
    throw new InputError(
      `The document must be a mapping with apiVersion: ${ROLE_SET_API_VERSION}, kind: ${ROLE_SET_KIND} and roles`,
    );
  }
  checkKeys(root, ['apiVersion', 'kind', 'roles'], 'The document');
  if (root.apiVersion !== ROLE_SET_API_VERSION) {
    throw new InputError(
      `apiVersion must be ${ROLE_SET_API_VERSION}, not ${JSON.stringify(
        root.apiVersion ?? null,
      )}`,
    );
  }
  if (root.kind !== ROLE_SET_KIND) {
    throw new InputError(
      `kind must be ${ROLE_SET_KIND}, not ${JSON.stringify(root.kind ?? null)}`,
    );
  }
  if (!Array.isArray(root.roles)) {
    throw new InputError('roles must be a list of roles');
  }
  if (root.roles.length > MAX_ROLES) {
    throw new InputError(`roles has more than ${MAX_ROLES} roles`);
  }

  const seen = new Set<string>();
  return root.roles.map((raw: unknown, index: number) => {
    if (!isObject(raw)) {
      throw new InputError(`roles[${index}] must be a mapping`);
    }
    const { name } = raw;
    if (typeof name !== 'string') {
      throw new InputError(`roles[${index}].name must be a string`);
    }
    if (name.length > 64 || textProblem(name, 'identifier')) {
      throw new InputError(
        `roles[${index}].name is not a valid role name: use lower-case words joined by dashes, like ${PLATFORM_ADMIN_ROLE} (at most 64 characters)`,
      );
    }
    const where = `Role "${name}" (roles[${index}])`;
    checkKeys(raw, ['name', 'description', 'grants', 'members'], where);
    if (!ROLE_NAME_PATTERN.test(name) || name.length > 64) {
      throw new InputError(
        `${where}: name is not a valid role name: use lower-case words joined by dashes, like ${PLATFORM_ADMIN_ROLE} (at most 64 characters)`,
      );
    }
    if (seen.has(name)) {
      throw new InputError(`${where} appears more than once`);
    }
    seen.add(name);

    const description = raw.description ?? '';
    if (typeof description !== 'string') {
      throw new InputError(`${where}: description must be a string`);
    }
    validateDescription(description, `${where}: description`);

    const grants = stringList(
      raw.grants,
      `${where}: grants`,
      MAX_GRANTS_PER_ROLE,
    );
    for (const grant of grants) {
      const reason = validateGrantPattern(grant);
      if (reason) throw new InputError(`${where}: grants: ${reason}`);
    }

    const members = stringList(
      raw.members,
      `${where}: members`,
      MAX_MEMBERS_PER_ROLE,
    ).map(ref => {
      try {
        return normalizeMemberRef(ref);
      } catch (error) {
        throw new InputError(`${where}: members: ${(error as Error).message}`);
      }
    });

    return {
      name,
      description,
      grants: sorted(new Set(grants)),
      members: sorted(new Set(members)),
    };
  });
}

/**
 * The changes that turn `current` into the imported roles. In merge mode,
 * roles of the document are created or set to exactly what the document
 * says and other roles are kept; replace mode also deletes the roles the
 * document does not name.
 */
export function diffRoleSet(
  current: RoleSetRole[],
  imported: RoleSetRole[],
  mode: ImportMode,
): ImportDiff {
  const existing = new Map(current.map(role => [role.name, role]));
  const wanted = new Set(imported.map(role => role.name));
  const diff: ImportDiff = { created: [], deleted: [], updated: [] };
  for (const role of [...imported].sort((a, b) => byCodeUnit(a.name, b.name))) {
    const before = existing.get(role.name);
    if (!before) {
      diff.created.push(role.name);
      continue;
    }
    const minus = (a: string[], b: string[]) =>
      sorted(a.filter(item => !b.includes(item)));
    const update: RoleUpdate = {
      role: role.name,
      grantsAdded: minus(role.grants, before.grants),
      grantsRemoved: minus(before.grants, role.grants),
      membersAdded: minus(role.members, before.members),
      membersRemoved: minus(before.members, role.members),
    };
    if (before.description !== role.description) {
      update.descriptionChanged = true;
    }
    if (
      update.descriptionChanged ||
      update.grantsAdded.length ||
      update.grantsRemoved.length ||
      update.membersAdded.length ||
      update.membersRemoved.length
    ) {
      diff.updated.push(update);
    }
  }
  if (mode === 'replace') {
    diff.deleted = sorted(
      current.map(role => role.name).filter(name => !wanted.has(name)),
    );
  }
  return diff;
}

/** Whether a diff touches the platform-admin role in any way. */
export function diffTouchesPlatformAdmin(diff: ImportDiff): boolean {
  return (
    diff.created.includes(PLATFORM_ADMIN_ROLE) ||
    diff.deleted.includes(PLATFORM_ADMIN_ROLE) ||
    diff.updated.some(update => update.role === PLATFORM_ADMIN_ROLE)
  );
}

export function isEmptyDiff(diff: ImportDiff): boolean {
  return (
    diff.created.length === 0 &&
    diff.deleted.length === 0 &&
    diff.updated.length === 0
  );
}

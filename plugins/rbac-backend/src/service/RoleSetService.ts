import { ConflictError } from '@backstage/errors';
import { Change } from '@controlplane/backend-common';
import {
  ImportDiff,
  PLATFORM_ADMIN_ROLE,
} from '@controlplane/plugin-rbac-common';
import { RbacStore } from '../database/RbacStore';
import { changeRoles, RbacStores } from '../database/stores';
import {
  diffRoleSet,
  exportRoleSet,
  ImportMode,
  isEmptyDiff,
  parseRoleSet,
  RoleSetRole,
} from './roleSet';
import { PermissionSource } from './RoleService';
import { checkAdminMember, MAX_ROLES, ownedGrantProblem } from './validation';
import { InputError } from '@backstage/errors';
import { parseGrant } from '@controlplane/plugin-rbac-common';

/** The whole role set as a RoleSet YAML document: export and import. */
export class RoleSetService {
  constructor(
    private readonly stores: RbacStores,
    private readonly permissions: PermissionSource,
  ) {}

  /** All roles as a RoleSet YAML document, sorted for stable diffs. */
  async exportRoles(): Promise<string> {
    return exportRoleSet(await this.stores.rbac.listRoles());
  }

  /**
   * Parses and validates a RoleSet document; throws an InputError naming the
   * offending role and field. Touches nothing.
   */
  parseRoleSet(text: string): RoleSetRole[] {
    return parseRoleSet(text);
  }

  /**
   * Checks the owned grants (`@owned`) the document adds, as a single grant
   * would be checked: those the roles already hold stay importable even when
   * their plugin is not installed at the moment.
   */
  async checkOwnedGrants(roles: RoleSetRole[]): Promise<void> {
    const held = new Set(
      (await this.stores.rbac.listRoles()).flatMap(role => role.grants),
    );
    const added = roles.flatMap(role =>
      role.grants
        .filter(grant => parseGrant(grant).owned && !held.has(grant))
        .map(grant => ({ role: role.name, grant })),
    );
    if (added.length === 0) return;
    const permissions = await this.permissions.list();
    for (const { role, grant } of added) {
      const problem = ownedGrantProblem(grant, permissions);
      if (problem) {
        throw new InputError(`Role "${role}": grants: ${problem}`);
      }
    }
  }

  /** The diff an import would make now, without locking or changing anything. */
  async previewImport(
    roles: RoleSetRole[],
    mode: ImportMode,
  ): Promise<ImportDiff> {
    return diffRoleSet(await this.stores.rbac.listRoles(), roles, mode);
  }

  /**
   * What an import would change, computed under the revision lock and with
   * the same checks as the import itself, changing nothing.
   */
  async dryRunImport(
    roles: RoleSetRole[],
    mode: ImportMode,
  ): Promise<ImportDiff> {
    return changeRoles(this.stores, async rbac => ({
      value: await checkedDiff(rbac, roles, mode),
      changed: false,
    }));
  }

  /**
   * Imports a parsed role set in one transaction (the revision goes up once).
   * Refuses (409) any result in which platform-admin is missing, has no
   * members or lacks `*`. The audit records the diff.
   */
  async importRoles(
    roles: RoleSetRole[],
    mode: ImportMode,
  ): Promise<Change<ImportDiff>> {
    return changeRoles(this.stores, async rbac => {
      const diff = await checkedDiff(rbac, roles, mode);
      const value = { result: diff, audit: { diff } };
      if (isEmptyDiff(diff)) return { value, changed: false };

      const wanted = new Map(roles.map(role => [role.name, role]));
      for (const name of diff.deleted) await rbac.deleteRole(name);
      for (const name of diff.created) {
        const role = wanted.get(name)!;
        await rbac.insertRole(name, role.description);
        for (const grant of role.grants) await rbac.addGrant(name, grant);
        for (const member of role.members) await rbac.addMember(name, member);
      }
      for (const update of diff.updated) {
        const name = update.role;
        if (update.descriptionChanged) {
          await rbac.updateDescription(name, wanted.get(name)!.description);
        }
        for (const grant of update.grantsAdded)
          await rbac.addGrant(name, grant);
        for (const grant of update.grantsRemoved) {
          await rbac.removeGrant(name, grant);
        }
        for (const member of update.membersAdded) {
          await rbac.addMember(name, member);
        }
        for (const member of update.membersRemoved) {
          await rbac.removeMember(name, member);
        }
      }
      return { value, changed: true };
    });
  }
}

/** The diff of an import against the current roles, refused when unsafe. */
async function checkedDiff(
  rbac: RbacStore,
  roles: RoleSetRole[],
  mode: ImportMode,
): Promise<ImportDiff> {
  const current = await rbac.listRoles();
  const diff = diffRoleSet(current, roles, mode);
  checkPlatformAdmin(current, roles, diff);
  const total = current.length + diff.created.length - diff.deleted.length;
  if (total > MAX_ROLES) {
    throw new ConflictError(
      `The import would leave ${total} roles, more than the ${MAX_ROLES} there may be`,
    );
  }
  return diff;
}

/** The platform-admin role must survive every import with `*` and a member. */
function checkPlatformAdmin(
  current: RoleSetRole[],
  imported: RoleSetRole[],
  diff: ImportDiff,
): void {
  if (diff.deleted.includes(PLATFORM_ADMIN_ROLE)) {
    throw new ConflictError(
      `The ${PLATFORM_ADMIN_ROLE} role cannot be deleted; add it to the document to import with mode=replace`,
    );
  }
  const admin =
    imported.find(role => role.name === PLATFORM_ADMIN_ROLE) ??
    current.find(role => role.name === PLATFORM_ADMIN_ROLE);
  if (!admin) {
    throw new ConflictError(
      `The import would leave no ${PLATFORM_ADMIN_ROLE} role; add it to the document`,
    );
  }
  if (!admin.grants.includes('*')) {
    throw new ConflictError(
      `Role "${PLATFORM_ADMIN_ROLE}" must keep the * grant; the import would remove it`,
    );
  }
  admin.members.forEach(member => checkAdminMember(admin.name, member));
  if (admin.members.length === 0) {
    throw new ConflictError(
      `Role "${PLATFORM_ADMIN_ROLE}" must keep at least one member; the import would leave it without members`,
    );
  }
}

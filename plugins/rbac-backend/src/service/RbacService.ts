import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  evaluate,
  Explanation,
  parseRoleMember,
  PLATFORM_ADMIN_ROLE,
  PolicySnapshot,
  PolicySubject,
  Role,
} from '@controlplane/plugin-rbac-common';
import { RbacStore, RbacTransaction } from '../database/RbacStore';
import { SEED_ROLES } from './seedRoles';
import {
  MAX_DESCRIPTION_LENGTH,
  normalizeMemberRef,
  validateGrant,
  validatePermissionName,
  validateRoleName,
} from './validation';
import {
  diffRoleSet,
  exportRoleSet,
  ImportDiff,
  ImportMode,
  isEmptyDiff,
  parseRoleSet,
  RoleSetRole,
} from './roleSet';

export {
  normalizeMemberRef,
  validateGrant,
  validatePermissionName,
  validateRoleName,
} from './validation';

/** What a grant or member change did, for the audit trail. */
export interface RoleChange {
  /** The role after the change. */
  role: Role;
  /** The role's grants (or members) before and after the change. */
  before: string[];
  after: string[];
  changed: boolean;
}

/** The rules of roles, grants and members. No HTTP, no SQL. */
export class RbacService {
  constructor(private readonly store: RbacStore) {}

  async listRoles(): Promise<Role[]> {
    return this.store.listRoles();
  }

  async getRole(name: string): Promise<Role> {
    const role = await this.store.getRole(name);
    if (!role) throw new NotFoundError(`Role "${name}" does not exist`);
    return role;
  }

  async createRole(name: string, description: string): Promise<Role> {
    validateRoleName(name);
    if (description.length > MAX_DESCRIPTION_LENGTH) {
      throw new InputError(
        `The description is longer than ${MAX_DESCRIPTION_LENGTH} characters`,
      );
    }
    return this.store.transact(async tx => {
      if (!(await tx.insertRole(name, description))) {
        throw new ConflictError(`Role "${name}" already exists`);
      }
      return (await tx.getRole(name))!;
    });
  }

  /** Deletes a role and returns it as it was. */
  async deleteRole(name: string): Promise<Role> {
    if (name === PLATFORM_ADMIN_ROLE) {
      throw new ConflictError(
        `The ${PLATFORM_ADMIN_ROLE} role cannot be deleted`,
      );
    }
    return this.store.transact(async tx => {
      const role = await requireRole(tx, name);
      await tx.deleteRole(name);
      return role;
    });
  }

  /** Adds a grant to a role; granting twice is harmless. */
  async grant(roleName: string, pattern: string): Promise<RoleChange> {
    validateGrant(pattern);
    return this.#changeRole(roleName, 'grants', tx =>
      tx.addGrant(roleName, pattern),
    );
  }

  /** Removes a grant; revoking what is not granted is harmless. */
  async revoke(roleName: string, pattern: string): Promise<RoleChange> {
    validateGrant(pattern);
    if (roleName === PLATFORM_ADMIN_ROLE && pattern === '*') {
      throw new ConflictError(
        `The * grant of the ${PLATFORM_ADMIN_ROLE} role cannot be revoked`,
      );
    }
    return this.#changeRole(roleName, 'grants', tx =>
      tx.removeGrant(roleName, pattern),
    );
  }

  async addMember(roleName: string, memberRef: string): Promise<RoleChange> {
    const ref = normalizeMemberRef(memberRef);
    checkAdminMember(roleName, ref);
    return this.#changeRole(roleName, 'members', tx =>
      tx.addMember(roleName, ref),
    );
  }

  async removeMember(roleName: string, memberRef: string): Promise<RoleChange> {
    const ref = normalizeMemberRef(memberRef);
    return this.#changeRole(roleName, 'members', async (tx, role) => {
      // Checked under the transaction's lock, so two concurrent removals of
      // the last two admins cannot both pass.
      if (
        roleName === PLATFORM_ADMIN_ROLE &&
        role.members.length === 1 &&
        role.members[0] === ref
      ) {
        throw new ConflictError(
          `${ref} is the last member of ${PLATFORM_ADMIN_ROLE}; add another member first`,
        );
      }
      return tx.removeMember(roleName, ref);
    });
  }

  /** All roles as a RoleSet YAML document, sorted for stable diffs. */
  async exportRoles(): Promise<string> {
    return exportRoleSet(await this.store.listRoles());
  }

  /**
   * Parses and validates a RoleSet document; throws an InputError naming the
   * offending role and field. Touches nothing.
   */
  parseRoleSet(text: string): RoleSetRole[] {
    return parseRoleSet(text);
  }

  /** The diff an import would make now, without locking or changing anything. */
  async previewImport(
    roles: RoleSetRole[],
    mode: ImportMode,
  ): Promise<ImportDiff> {
    return diffRoleSet(await this.store.listRoles(), roles, mode);
  }

  /**
   * Imports a parsed role set in one transaction (the revision goes up once),
   * or with `dryRun` only computes what it would change. Refuses (409) any
   * result in which platform-admin is missing, has no members or lacks `*`.
   */
  async importRoles(
    roles: RoleSetRole[],
    mode: ImportMode,
    options: { dryRun?: boolean } = {},
  ): Promise<ImportDiff> {
    return this.store.transact(async tx => {
      const current = await tx.listRoles();
      const diff = diffRoleSet(current, roles, mode);
      checkPlatformAdmin(current, roles, diff);
      if (options.dryRun || isEmptyDiff(diff)) return diff;

      const wanted = new Map(roles.map(role => [role.name, role]));
      for (const name of diff.deleted) await tx.deleteRole(name);
      for (const name of diff.created) {
        const role = wanted.get(name)!;
        await tx.insertRole(name, role.description);
        for (const grant of role.grants) await tx.addGrant(name, grant);
        for (const member of role.members) await tx.addMember(name, member);
      }
      for (const update of diff.updated) {
        const name = update.role;
        if (update.descriptionChanged) {
          await tx.updateDescription(name, wanted.get(name)!.description);
        }
        for (const grant of update.grantsAdded) await tx.addGrant(name, grant);
        for (const grant of update.grantsRemoved) {
          await tx.removeGrant(name, grant);
        }
        for (const member of update.membersAdded) {
          await tx.addMember(name, member);
        }
        for (const member of update.membersRemoved) {
          await tx.removeMember(name, member);
        }
      }
      return diff;
    });
  }

  async snapshot(): Promise<PolicySnapshot> {
    const { revision, roles } = await this.store.readSnapshot();
    return {
      revision,
      roles: roles.map(({ name, grants, members }) => ({
        name,
        grants,
        members,
      })),
    };
  }

  /** Cheap check for pollers: the revision only, no roles. */
  async revision(): Promise<number> {
    return this.store.getRevision();
  }

  async explain(
    subject: PolicySubject,
    permissionName: string,
  ): Promise<Explanation> {
    validatePermissionName(permissionName);
    return evaluate(await this.snapshot(), subject, permissionName);
  }

  /**
   * Creates the built-in roles on the very first start, with members from
   * config. Runs under the revision lock, so of several instances starting at
   * once exactly one seeds and the others see the roles and do nothing.
   * Returns whether it seeded.
   */
  async seed(initialMembers: Record<string, string[]>): Promise<boolean> {
    const members = Object.entries(initialMembers).map(([role, refs]) => {
      if (!SEED_ROLES.some(r => r.name === role)) {
        throw new InputError(
          `rbac.initialMembers names the unknown role "${role}"; known roles: ${SEED_ROLES.map(
            r => r.name,
          ).join(', ')}`,
        );
      }
      const normalized = refs.map(normalizeMemberRef);
      normalized.forEach(ref => checkAdminMember(role, ref));
      return { role, refs: normalized };
    });
    return this.store.transact(async tx => {
      if ((await tx.countRoles()) > 0) return false;
      for (const role of SEED_ROLES) {
        await tx.insertRole(role.name, role.description);
        for (const grant of role.grants) await tx.addGrant(role.name, grant);
      }
      for (const { role, refs } of members) {
        for (const ref of refs) await tx.addMember(role, ref);
      }
      return true;
    });
  }

  async #changeRole(
    roleName: string,
    field: 'grants' | 'members',
    change: (tx: RbacTransaction, role: Role) => Promise<boolean>,
  ): Promise<RoleChange> {
    return this.store.transact(async tx => {
      const before = await requireRole(tx, roleName);
      const changed = await change(tx, before);
      const after = changed ? (await tx.getRole(roleName))! : before;
      return {
        role: after,
        before: before[field],
        after: after[field],
        changed,
      };
    });
  }
}

/**
 * Platform admins act everywhere: a tenant-scoped platform-admin member would
 * look like an admin (and count against last-admin protection) without being
 * one.
 */
function checkAdminMember(roleName: string, member: string): void {
  if (roleName === PLATFORM_ADMIN_ROLE && parseRoleMember(member).tenant) {
    throw new InputError(
      `${PLATFORM_ADMIN_ROLE} members cannot be scoped to a tenant ("${member}"); use org-owner or tenant-admin for tenant administrators`,
    );
  }
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

async function requireRole(tx: RbacTransaction, name: string): Promise<Role> {
  const role = await tx.getRole(name);
  if (!role) throw new NotFoundError(`Role "${name}" does not exist`);
  return role;
}

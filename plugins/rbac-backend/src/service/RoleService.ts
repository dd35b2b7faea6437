import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { Change } from '@controlplane/backend-common';
import {
  parseGrant,
  PermissionInfo,
  PLATFORM_ADMIN_ROLE,
  Role,
} from '@controlplane/plugin-rbac-common';
import { changeRoles, RbacStores } from '../database/stores';
import { RbacStore } from '../database/RbacStore';
import {
  checkAdminMember,
  MAX_GRANTS_PER_ROLE,
  MAX_MEMBERS_PER_ROLE,
  MAX_ROLES,
  normalizeMemberRef,
  ownedGrantProblem,
  validateDescription,
  validateGrant,
  validateRoleName,
} from './validation';

/** The permissions the installed plugins register, for owned grants. */
export interface PermissionSource {
  list(): Promise<PermissionInfo[]>;
}

/**
 * A grant or member change: the role after it, and for the audit trail the
 * role's grants (or members) before and after and whether anything changed.
 */
export type RoleChange = Change<Role> & {
  audit: { before: string[]; after: string[]; changed: boolean };
};

/** The rules of roles, their grants and their members. No HTTP. */
export class RoleService {
  constructor(
    private readonly stores: RbacStores,
    private readonly permissions: PermissionSource,
  ) {}

  async listRoles(): Promise<Role[]> {
    return this.stores.rbac.listRoles();
  }

  async getRole(name: string): Promise<Role> {
    return requireRole(this.stores.rbac, name);
  }

  async createRole(name: string, description: string): Promise<Change<Role>> {
    validateRoleName(name);
    validateDescription(description);
    return changeRoles(this.stores, async rbac => {
      if ((await rbac.countRoles()) >= MAX_ROLES) {
        throw new ConflictError(
          `There are already ${MAX_ROLES} roles, the most there may be; delete one first`,
        );
      }
      if (!(await rbac.insertRole(name, description))) {
        throw new ConflictError(`Role "${name}" already exists`);
      }
      const created = await requireRole(rbac, name);
      return {
        value: { result: created, audit: { after: created } },
        changed: true,
      };
    });
  }

  /** Deletes a role; the audit records it as it was. */
  async deleteRole(name: string): Promise<Change<void>> {
    if (name === PLATFORM_ADMIN_ROLE) {
      throw new ConflictError(
        `The ${PLATFORM_ADMIN_ROLE} role cannot be deleted`,
      );
    }
    return changeRoles(this.stores, async rbac => {
      const role = await requireRole(rbac, name);
      const changed = await rbac.deleteRole(name);
      return { value: { result: undefined, audit: { before: role } }, changed };
    });
  }

  /**
   * Adds a grant to a role; granting twice is harmless. An owned grant must
   * name permissions whose plugin can apply the owner rule.
   */
  async grant(roleName: string, pattern: string): Promise<RoleChange> {
    validateGrant(pattern);
    if (parseGrant(pattern).owned) {
      const problem = ownedGrantProblem(pattern, await this.permissions.list());
      if (problem) throw new InputError(problem);
    }
    return this.#changeRole(roleName, 'grants', async (rbac, role) => {
      if (
        role.grants.length >= MAX_GRANTS_PER_ROLE &&
        !role.grants.includes(pattern)
      ) {
        throw new ConflictError(
          `Role "${roleName}" already has ${MAX_GRANTS_PER_ROLE} grants, the most a role may have`,
        );
      }
      return rbac.addGrant(roleName, pattern);
    });
  }

  /** Removes a grant; revoking what is not granted is harmless. */
  async revoke(roleName: string, pattern: string): Promise<RoleChange> {
    validateGrant(pattern);
    if (roleName === PLATFORM_ADMIN_ROLE && pattern === '*') {
      throw new ConflictError(
        `The * grant of the ${PLATFORM_ADMIN_ROLE} role cannot be revoked`,
      );
    }
    return this.#changeRole(roleName, 'grants', rbac =>
      rbac.removeGrant(roleName, pattern),
    );
  }

  async addMember(roleName: string, memberRef: string): Promise<RoleChange> {
    const ref = normalizeMemberRef(memberRef);
    checkAdminMember(roleName, ref);
    return this.#changeRole(roleName, 'members', async (rbac, role) => {
      if (
        role.members.length >= MAX_MEMBERS_PER_ROLE &&
        !role.members.includes(ref)
      ) {
        throw new ConflictError(
          `Role "${roleName}" already has ${MAX_MEMBERS_PER_ROLE} members, the most a role may have; add a group instead`,
        );
      }
      return rbac.addMember(roleName, ref);
    });
  }

  async removeMember(roleName: string, memberRef: string): Promise<RoleChange> {
    const ref = normalizeMemberRef(memberRef);
    return this.#changeRole(roleName, 'members', async (rbac, role) => {
      // Checked under the revision lock, so two concurrent removals of the
      // last two admins cannot both pass.
      if (
        roleName === PLATFORM_ADMIN_ROLE &&
        role.members.length === 1 &&
        role.members[0] === ref
      ) {
        throw new ConflictError(
          `${ref} is the last member of ${PLATFORM_ADMIN_ROLE}; add another member first`,
        );
      }
      return rbac.removeMember(roleName, ref);
    });
  }

  async #changeRole(
    roleName: string,
    field: 'grants' | 'members',
    change: (rbac: RbacStore, role: Role) => Promise<boolean>,
  ): Promise<RoleChange> {
    return changeRoles(this.stores, async rbac => {
      const before = await requireRole(rbac, roleName);
      const changed = await change(rbac, before);
      const after = changed ? await requireRole(rbac, roleName) : before;
      return {
        value: {
          result: after,
          audit: { before: before[field], after: after[field], changed },
        },
        changed,
      };
    });
  }
}

async function requireRole(rbac: RbacStore, name: string): Promise<Role> {
  const role = await rbac.getRole(name);
  if (!role) throw new NotFoundError(`Role "${name}" does not exist`);
  return role;
}

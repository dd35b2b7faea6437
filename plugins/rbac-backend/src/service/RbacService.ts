import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  evaluate,
  Explanation,
  PLATFORM_ADMIN_ROLE,
  PolicySnapshot,
  PolicySubject,
  Role,
  ROLE_NAME_PATTERN,
  validateGrantPattern,
} from '@controlplane/plugin-rbac-common';
import { RbacStore, RbacTransaction } from '../database/RbacStore';
import { SEED_ROLES } from './seedRoles';

/** What a grant or member change did, for the audit trail. */
export interface RoleChange {
  /** The role after the change. */
  role: Role;
  /** The role's grants (or members) before and after the change. */
  before: string[];
  after: string[];
  changed: boolean;
}

const MAX_DESCRIPTION_LENGTH = 500;

export function validateRoleName(name: string): void {
  if (!ROLE_NAME_PATTERN.test(name) || name.length > 64) {
    throw new InputError(
      `"${name}" is not a valid role name: use lower-case words joined by dashes, like platform-admin (at most 64 characters)`,
    );
  }
}

export function validateGrant(pattern: string): void {
  const reason = validateGrantPattern(pattern);
  if (reason) throw new InputError(reason);
}

/** A permission name as asked about by `explain`: a grant without wildcard. */
export function validatePermissionName(name: string): void {
  if (name.includes('*') || validateGrantPattern(name)) {
    throw new InputError(
      `"${name}" is not a permission name (e.g. billing.quota.update)`,
    );
  }
}

/** Parses a user or group entity ref into its normalized `kind:namespace/name`. */
export function normalizeMemberRef(ref: string): string {
  let parsed;
  try {
    parsed = parseEntityRef(ref);
  } catch (error) {
    throw new InputError(
      `"${ref}" is not an entity ref like user:default/ada or group:default/operators`,
    );
  }
  const kind = parsed.kind.toLocaleLowerCase('en-US');
  if (kind !== 'user' && kind !== 'group') {
    throw new InputError(
      `"${ref}" is not a user or group entity ref; role members are users and groups`,
    );
  }
  return stringifyEntityRef(parsed);
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
      return { role, refs: refs.map(normalizeMemberRef) };
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

async function requireRole(tx: RbacTransaction, name: string): Promise<Role> {
  const role = await tx.getRole(name);
  if (!role) throw new NotFoundError(`Role "${name}" does not exist`);
  return role;
}

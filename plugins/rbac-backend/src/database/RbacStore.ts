import { KnexStore } from '@controlplane/backend-common';
import { PolicySnapshot, Role } from '@controlplane/plugin-rbac-common';
import { Knex } from 'knex';

interface RoleRow {
  name: string;
  description: string;
  created_at: Date | string;
  updated_at: Date | string;
}

/** PostgreSQL returns Date objects, SQLite the ISO strings we wrote. */
function toIso(value: Date | string): string {
  return new Date(value).toISOString();
}

/** Loads roles with their grants and members in three queries, sorted by name. */
async function loadRoles(db: Knex, names?: string[]): Promise<Role[]> {
  const only = <T extends Knex.QueryBuilder>(query: T, column: string): T =>
    (names ? query.whereIn(column, names) : query) as T;
  // One after the other: inside a transaction they share one connection.
  const roleRows: RoleRow[] = await only(
    db<RoleRow>('rbac_roles').select('*').orderBy('name'),
    'name',
  );
  const grantRows = await only(
    db('rbac_role_grants').select('role_name', 'pattern').orderBy('pattern'),
    'role_name',
  );
  const memberRows = await only(
    db('rbac_role_members')
      .select('role_name', 'member_ref')
      .orderBy('member_ref'),
    'role_name',
  );
  const roles = new Map<string, Role>();
  for (const row of roleRows) {
    roles.set(row.name, {
      name: row.name,
      description: row.description,
      grants: [],
      members: [],
      createdAt: toIso(row.created_at),
      updatedAt: toIso(row.updated_at),
    });
  }
  for (const row of grantRows)
    roles.get(row.role_name)?.grants.push(row.pattern);
  for (const row of memberRows) {
    roles.get(row.role_name)?.members.push(row.member_ref);
  }
  return [...roles.values()];
}

async function readRevision(db: Knex): Promise<number> {
  const row = await db('rbac_revision').where({ id: 1 }).first();
  return Number(row.revision);
}

/**
 * All SQL of the RBAC plugin: roles with their grants and members, and the
 * revision of the whole role set. Writes return whether they changed
 * anything; a change runs under the revision lock (see `changeRoles`).
 */
export class RbacStore extends KnexStore {
  async listRoles(): Promise<Role[]> {
    return loadRoles(this.db);
  }

  async getRole(name: string): Promise<Role | undefined> {
    const [role] = await loadRoles(this.db, [name]);
    return role;
  }

  async countRoles(): Promise<number> {
    const [{ count }] = await this.db('rbac_roles').count({ count: '*' });
    return Number(count);
  }

  async getRevision(): Promise<number> {
    return readRevision(this.db);
  }

  /**
   * The revision, locked until the transaction ends (a row lock on
   * PostgreSQL; SQLite serializes writers anyway), so writers of roles are
   * serialized and checks such as "is this the last platform admin?" cannot
   * race with other writers. Inside a transaction only.
   */
  async lockRevision(): Promise<number> {
    const row = await this.forUpdate(
      this.db('rbac_revision').where({ id: 1 }).first(),
    );
    return Number(row.revision);
  }

  async setRevision(revision: number): Promise<void> {
    await this.db('rbac_revision').where({ id: 1 }).update({ revision });
  }

  /**
   * Roles and revision read in one transaction, so they belong together
   * (repeatable read on PostgreSQL: both reads see the same commit).
   */
  async readSnapshot(): Promise<PolicySnapshot> {
    const read = async (db: Knex): Promise<PolicySnapshot> => ({
      revision: await readRevision(db),
      roles: (await loadRoles(db)).map(({ name, grants, members }) => ({
        name,
        grants,
        members,
      })),
    });
    if (this.db.isTransaction) return read(this.db);
    return this.db.transaction(
      read,
      this.isPostgres ? { isolationLevel: 'repeatable read' } : undefined,
    );
  }

  async insertRole(name: string, description: string): Promise<boolean> {
    const exists = await this.db('rbac_roles').where({ name }).first();
    if (exists) return false;
    const now = new Date().toISOString();
    await this.db('rbac_roles')
      .insert({ name, description, created_at: now, updated_at: now })
      .onConflict('name')
      .ignore();
    return true;
  }

  async updateDescription(name: string, description: string): Promise<boolean> {
    const updated = await this.db('rbac_roles')
      .where({ name })
      .whereNot({ description })
      .update({ description, updated_at: new Date().toISOString() });
    return updated > 0;
  }

  async deleteRole(name: string): Promise<boolean> {
    // Foreign keys cascade on PostgreSQL; SQLite may run without them.
    await this.db('rbac_role_grants').where({ role_name: name }).delete();
    await this.db('rbac_role_members').where({ role_name: name }).delete();
    const deleted = await this.db('rbac_roles').where({ name }).delete();
    return deleted > 0;
  }

  async addGrant(roleName: string, pattern: string): Promise<boolean> {
    return this.#insertChild('rbac_role_grants', roleName, 'pattern', pattern);
  }

  async removeGrant(roleName: string, pattern: string): Promise<boolean> {
    return this.#deleteChild('rbac_role_grants', roleName, 'pattern', pattern);
  }

  async addMember(roleName: string, memberRef: string): Promise<boolean> {
    return this.#insertChild(
      'rbac_role_members',
      roleName,
      'member_ref',
      memberRef,
    );
  }

  async removeMember(roleName: string, memberRef: string): Promise<boolean> {
    return this.#deleteChild(
      'rbac_role_members',
      roleName,
      'member_ref',
      memberRef,
    );
  }

  async #insertChild(
    table: string,
    roleName: string,
    column: string,
    value: string,
  ): Promise<boolean> {
    const exists = await this.db(table)
      .where({ role_name: roleName, [column]: value })
      .first();
    if (exists) return false;
    await this.db(table)
      .insert({ role_name: roleName, [column]: value })
      .onConflict(['role_name', column])
      .ignore();
    await this.#touchRole(roleName);
    return true;
  }

  async #deleteChild(
    table: string,
    roleName: string,
    column: string,
    value: string,
  ): Promise<boolean> {
    const deleted = await this.db(table)
      .where({ role_name: roleName, [column]: value })
      .delete();
    if (deleted === 0) return false;
    await this.#touchRole(roleName);
    return true;
  }

  async #touchRole(name: string) {
    await this.db('rbac_roles')
      .where({ name })
      .update({ updated_at: new Date().toISOString() });
  }
}

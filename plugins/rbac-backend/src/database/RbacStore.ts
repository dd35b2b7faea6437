import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@controlplane/plugin-rbac-backend',
  'migrations',
);

/** A role with its grants and members, shaped like the API's `Role`. */
export interface StoredRole {
  name: string;
  description: string;
  grants: string[];
  members: string[];
  createdAt: string;
  updatedAt: string;
}

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
async function loadRoles(db: Knex, names?: string[]): Promise<StoredRole[]> {
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
  const roles = new Map<string, StoredRole>();
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

/**
 * The writes of one transaction. Every `RbacStore.transact` call locks the
 * revision row first, so writers are serialized and checks made here (such as
 * "is this the last platform admin?") cannot race with other writers.
 * Methods that change something return true and make the transaction bump the
 * revision on commit.
 */
export class RbacTransaction {
  #changed = false;

  constructor(private readonly tx: Knex.Transaction) {}

  get changed(): boolean {
    return this.#changed;
  }

  async getRole(name: string): Promise<StoredRole | undefined> {
    const [role] = await loadRoles(this.tx, [name]);
    return role;
  }

  async listRoles(): Promise<StoredRole[]> {
    return loadRoles(this.tx);
  }

  async updateDescription(name: string, description: string): Promise<boolean> {
    const updated = await this.tx('rbac_roles')
      .where({ name })
      .whereNot({ description })
      .update({ description, updated_at: new Date().toISOString() });
    return this.#mark(updated > 0);
  }

  async countRoles(): Promise<number> {
    const [{ count }] = await this.tx('rbac_roles').count({ count: '*' });
    return Number(count);
  }

  async insertRole(name: string, description: string): Promise<boolean> {
    const exists = await this.tx('rbac_roles').where({ name }).first();
    if (exists) return false;
    const now = new Date().toISOString();
    await this.tx('rbac_roles')
      .insert({ name, description, created_at: now, updated_at: now })
      .onConflict('name')
      .ignore();
    return this.#mark(true);
  }

  async deleteRole(name: string): Promise<boolean> {
    // Foreign keys cascade on PostgreSQL; SQLite may run without them.
    await this.tx('rbac_role_grants').where({ role_name: name }).delete();
    await this.tx('rbac_role_members').where({ role_name: name }).delete();
    const deleted = await this.tx('rbac_roles').where({ name }).delete();
    return this.#mark(deleted > 0);
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
    const exists = await this.tx(table)
      .where({ role_name: roleName, [column]: value })
      .first();
    if (exists) return false;
    await this.tx(table)
      .insert({ role_name: roleName, [column]: value })
      .onConflict(['role_name', column])
      .ignore();
    await this.#touchRole(roleName);
    return this.#mark(true);
  }

  async #deleteChild(
    table: string,
    roleName: string,
    column: string,
    value: string,
  ): Promise<boolean> {
    const deleted = await this.tx(table)
      .where({ role_name: roleName, [column]: value })
      .delete();
    if (deleted === 0) return false;
    await this.#touchRole(roleName);
    return this.#mark(true);
  }

  async #touchRole(name: string) {
    await this.tx('rbac_roles')
      .where({ name })
      .update({ updated_at: new Date().toISOString() });
  }

  #mark(changed: boolean): boolean {
    this.#changed ||= changed;
    return changed;
  }
}

/** All SQL of the RBAC plugin. */
export class RbacStore {
  static async create(database: DatabaseService): Promise<RbacStore> {
    const db = await database.getClient();
    if (!database.migrations?.skip) {
      await db.migrate.latest({ directory: migrationsDir });
    }
    return new RbacStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async listRoles(): Promise<StoredRole[]> {
    return loadRoles(this.db);
  }

  async getRole(name: string): Promise<StoredRole | undefined> {
    const [role] = await loadRoles(this.db, [name]);
    return role;
  }

  async getRevision(): Promise<number> {
    const row = await this.db('rbac_revision').where({ id: 1 }).first();
    return Number(row.revision);
  }

  /** Roles and revision read in one transaction, so they belong together. */
  async readSnapshot(): Promise<{ revision: number; roles: StoredRole[] }> {
    return this.db.transaction(
      async tx => {
        const row = await tx('rbac_revision').where({ id: 1 }).first();
        return { revision: Number(row.revision), roles: await loadRoles(tx) };
      },
      // Repeatable read on PostgreSQL: both reads see the same commit.
      this.db.client.config.client === 'pg'
        ? { isolationLevel: 'repeatable read' }
        : undefined,
    );
  }

  /**
   * Runs `work` in a transaction that first locks the revision row (a row
   * lock on PostgreSQL; SQLite serializes writers anyway), and increments the
   * revision when `work` changed anything. Throwing rolls everything back.
   */
  async transact<T>(work: (tx: RbacTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction(async knexTx => {
      const { revision } = await knexTx('rbac_revision')
        .where({ id: 1 })
        .forUpdate()
        .first();
      const tx = new RbacTransaction(knexTx);
      const result = await work(tx);
      if (tx.changed) {
        await knexTx('rbac_revision')
          .where({ id: 1 })
          .update({ revision: Number(revision) + 1 });
      }
      return result;
    });
  }
}

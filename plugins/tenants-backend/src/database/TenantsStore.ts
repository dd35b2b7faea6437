import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  applyPermissionFilter,
  ColumnFilter,
  decodeCursor,
  KnexStore,
  LIKE_ESCAPE,
  likeContains,
  newestFirstPage,
  RowPage,
  toPage,
} from '@controlplane/backend-common';
import { QueryParams } from '@controlplane/common';
import {
  InvitationStatus,
  TenantPlan,
  TenantStatus,
  TenantsApiOperations,
  TenantUserRole,
  TenantUserStatus,
  TenantsEventPayload,
} from '@controlplane/plugin-tenants-common';
import { Knex } from 'knex';
import {
  ImpersonationRow,
  InvitationRow,
  SsoConfigRow,
  TenantRow,
  UserRow,
} from './rows';

const migrationsDir = resolvePackagePath(
  '@controlplane/plugin-tenants-backend',
  'migrations',
);

/** Runs the plugin's migrations on a knex client (tests, seeding, bench). */
export async function migrateTenantsDatabase(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: migrationsDir });
}

/** The sort keys of the tenant list, as the contract names them. */
export type TenantSort = NonNullable<
  QueryParams<TenantsApiOperations['ListTenants']>['sort']
>;
const SORT_COLUMNS: Record<TenantSort, string> = {
  name: 'name',
  createdAt: 'created_at',
  domain: 'domain',
};

export interface TenantListQuery {
  q?: string;
  status?: TenantStatus[];
  plan?: TenantPlan[];
  includeOffboarded?: boolean;
  sort: TenantSort;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
  /** The tenant filter of a conditional decision (column `name`). */
  filter?: PermissionCriteria<ColumnFilter>;
}

/** One tenant's figures for the platform dashboard, as the store counts them. */
export interface TenantActivityRow {
  name: string;
  display_name: string;
  plan: string;
  status: string;
  created_at: Date | string;
  activeUsers: number;
  /** The newest session's creation; null without any session. */
  last_session_at: Date | string | null;
  sessions7d: number;
  sessions30d: number;
}

/** Counts: PostgreSQL answers them as strings, and null for no row. */
const countOf = (value: unknown): number => Number(value ?? 0);

/** What {@link TenantsStore.userSummary} reads. */
export interface UserSummaryRows {
  /** Users per role and status (only the pairs there are). */
  counts: { role: string; status: string; count: number }[];
  newestUsers: UserRow[];
  pendingInvitations: number;
  newestPendingInvitations: InvitationRow[];
}

export interface UserListQuery {
  q?: string;
  role?: TenantUserRole[];
  status?: TenantUserStatus[];
  limit: number;
  cursor?: string;
}

/**
 * All SQL of the tenants plugin except sessions (see SessionStore): tenants,
 * their users, invitations, SSO configurations, impersonations and the
 * events outbox. Bound with the session store by `bindTenantsStores`, whose
 * `transaction` makes changes across both atomic.
 */
export class TenantsStore extends KnexStore {
  // ---------------------------------------------------------------- tenants

  async insertTenant(row: TenantRow): Promise<void> {
    await this.db('tenants').insert(row);
  }

  async tenantByName(name: string): Promise<TenantRow | undefined> {
    return this.db<TenantRow>('tenants').where({ name }).first();
  }

  async tenantByDomain(domain: string): Promise<TenantRow | undefined> {
    return this.db<TenantRow>('tenants').where({ domain }).first();
  }

  async tenantsByNames(names: string[]): Promise<TenantRow[]> {
    return this.db<TenantRow>('tenants').whereIn('name', names);
  }

  /**
   * Reads and locks the tenant row until the transaction ends (PostgreSQL;
   * SQLite serializes writers anyway), so rules that count rows of the
   * tenant (the last owner) cannot race.
   */
  async lockTenant(id: string): Promise<TenantRow> {
    const row = await this.forUpdate(
      this.db<TenantRow>('tenants').where({ id }).first(),
    );
    if (!row) throw new Error(`tenant ${id} vanished`);
    return row;
  }

  async updateTenant(
    id: string,
    patch: Partial<Omit<TenantRow, 'id' | 'name' | 'created_at'>>,
  ): Promise<void> {
    await this.db('tenants').where({ id }).update(patch);
  }

  async listTenants(query: TenantListQuery): Promise<RowPage<TenantRow>> {
    const column = SORT_COLUMNS[query.sort];
    const desc = query.order === 'desc';
    const cmp = desc ? '<' : '>';
    let builder = this.db<TenantRow>('tenants').select('*');
    if (query.filter) builder = applyPermissionFilter(builder, query.filter);
    if (query.status?.length) builder.whereIn('status', query.status);
    else if (!query.includeOffboarded) {
      builder.whereNot('status', 'offboarded');
    }
    if (query.plan?.length) builder.whereIn('plan', query.plan);
    if (query.q) {
      const pattern = likeContains(query.q);
      builder.where(inner =>
        inner
          .whereRaw(`name LIKE ? ${LIKE_ESCAPE}`, [pattern])
          .orWhereRaw(`domain LIKE ? ${LIKE_ESCAPE}`, [pattern])
          .orWhereRaw(`LOWER(display_name) LIKE ? ${LIKE_ESCAPE}`, [pattern]),
      );
    }
    const after = decodeCursor(query.cursor, ['v', 'n']);
    if (after) {
      if (column === 'name') builder.where('name', cmp, after.n);
      else {
        builder.where(inner =>
          inner
            .where(column, cmp, after.v)
            .orWhere(eq =>
              eq.where(column, after.v).andWhere('name', cmp, after.n),
            ),
        );
      }
    }
    builder.orderBy(column, query.order);
    if (column !== 'name') builder.orderBy('name', query.order);
    const rows = await builder.limit(query.limit + 1);
    return toPage(rows, query.limit, row => ({
      v:
        column === 'created_at'
          ? new Date(row.created_at).toISOString()
          : String(row[column as keyof TenantRow]),
      n: row.name,
    }));
  }

  /**
   * Every tenant (all statuses), by name, with its active users and its
   * sessions: the newest one's time and how many were created since
   * `since7d` and `since30d` (ISO). One statement over grouped subqueries,
   * whatever the number of tenants.
   */
  async tenantActivity(options: {
    since7d: string;
    since30d: string;
  }): Promise<TenantActivityRow[]> {
    const users = this.db('tenant_users')
      .select('tenant_id')
      .count({ active_users: '*' })
      .where('status', 'active')
      .groupBy('tenant_id')
      .as('u');
    // Only the sessions of the last 30 days are counted (a range of the
    // created_at index); a tenant without any has its newest session looked
    // up alone, by one step back on (tenant_id, created_at).
    const sessions = this.db('tenant_sessions')
      .select('tenant_id')
      .max({ last_session_at: 'created_at' })
      .select(
        this.db.raw(
          'SUM(CASE WHEN created_at >= ? THEN 1 ELSE 0 END) AS sessions_7d',
          [options.since7d],
        ),
      )
      .count({ sessions_30d: '*' })
      .where('created_at', '>=', options.since30d)
      .groupBy('tenant_id')
      .as('s');
    const rows = await this.db('tenants as t')
      .leftJoin(users, 'u.tenant_id', 't.id')
      .leftJoin(sessions, 's.tenant_id', 't.id')
      .select(
        't.name',
        't.display_name',
        't.plan',
        't.status',
        't.created_at',
        'u.active_users',
        this.db.raw(
          `COALESCE(s.last_session_at, (SELECT x.created_at FROM tenant_sessions x
             WHERE x.tenant_id = t.id ORDER BY x.created_at DESC LIMIT 1)) AS last_session_at`,
        ),
        's.sessions_7d',
        's.sessions_30d',
      )
      .orderBy('t.name');
    return rows.map(row => ({
      name: row.name,
      display_name: row.display_name,
      plan: row.plan,
      status: row.status,
      created_at: row.created_at,
      activeUsers: countOf(row.active_users),
      last_session_at: row.last_session_at ?? null,
      sessions7d: countOf(row.sessions_7d),
      sessions30d: countOf(row.sessions_30d),
    }));
  }

  // ------------------------------------------------------------------ users

  async insertUser(row: UserRow): Promise<void> {
    await this.db('tenant_users').insert(row);
  }

  async user(tenantId: string, id: string): Promise<UserRow | undefined> {
    return this.db<UserRow>('tenant_users')
      .where({ tenant_id: tenantId, id })
      .first();
  }

  async userByEmail(
    tenantId: string,
    email: string,
  ): Promise<UserRow | undefined> {
    return this.db<UserRow>('tenant_users')
      .where({ tenant_id: tenantId, email })
      .first();
  }

  async countActiveOwners(tenantId: string): Promise<number> {
    const [{ count }] = await this.db('tenant_users')
      .where({ tenant_id: tenantId, role: 'owner', status: 'active' })
      .count({ count: '*' });
    return Number(count);
  }

  async updateUser(
    id: string,
    patch: Partial<Pick<UserRow, 'role' | 'status' | 'updated_at'>>,
  ): Promise<void> {
    await this.db('tenant_users').where({ id }).update(patch);
  }

  async deleteUser(id: string): Promise<void> {
    await this.db('tenant_users').where({ id }).delete();
  }

  /** A tenant's users by e-mail, searched and filtered in SQL, keyset-paged. */
  async listUsers(
    tenantId: string,
    query: UserListQuery,
  ): Promise<RowPage<UserRow>> {
    const builder = this.db<UserRow>('tenant_users')
      .select('*')
      .where('tenant_id', tenantId);
    if (query.role?.length) builder.whereIn('role', query.role);
    if (query.status?.length) builder.whereIn('status', query.status);
    if (query.q) {
      const pattern = likeContains(query.q);
      builder.where(inner =>
        inner
          .whereRaw(`email LIKE ? ${LIKE_ESCAPE}`, [pattern])
          .orWhereRaw(`LOWER(display_name) LIKE ? ${LIKE_ESCAPE}`, [pattern]),
      );
    }
    const after = decodeCursor(query.cursor, ['e']);
    if (after) builder.where('email', '>', after.e);
    const rows = await builder.orderBy('email').limit(query.limit + 1);
    return toPage(rows, query.limit, row => ({ e: row.email }));
  }

  /**
   * A tenant's users counted per role and status, its `newest` newest users,
   * and its invitations pending at `now` (not expired): how many, and the
   * `newest` newest. Four statements on the tenant's indexes, whatever the
   * number of users.
   */
  async userSummary(
    tenantId: string,
    now: string,
    newest: number,
  ): Promise<UserSummaryRows> {
    const pending = () =>
      this.db('tenant_invitations')
        .where({ tenant_id: tenantId, status: 'pending' })
        .andWhere('expires_at', '>', now);
    const [counts, users, [pendingCount], invitations] = await Promise.all([
      this.db('tenant_users')
        .where('tenant_id', tenantId)
        .groupBy('role', 'status')
        .select('role', 'status')
        .count({ count: '*' }) as Promise<
        { role: string; status: string; count: number | string }[]
      >,
      this.db<UserRow>('tenant_users')
        .where('tenant_id', tenantId)
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(newest),
      pending().count({ count: '*' }) as Promise<{ count: number | string }[]>,
      pending()
        .select('*')
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(newest) as Promise<InvitationRow[]>,
    ]);
    return {
      counts: counts.map(row => ({
        role: row.role,
        status: row.status,
        count: countOf(row.count),
      })),
      newestUsers: users,
      pendingInvitations: countOf(pendingCount?.count),
      newestPendingInvitations: invitations,
    };
  }

  // ------------------------------------------------------------ invitations

  async insertInvitation(row: InvitationRow): Promise<void> {
    await this.db('tenant_invitations').insert(row);
  }

  async invitation(
    tenantId: string,
    id: string,
  ): Promise<InvitationRow | undefined> {
    return this.db<InvitationRow>('tenant_invitations')
      .where({ tenant_id: tenantId, id })
      .first();
  }

  async invitationByTokenHash(
    tokenHash: string,
  ): Promise<InvitationRow | undefined> {
    return this.db<InvitationRow>('tenant_invitations')
      .where({ token_hash: tokenHash })
      .first();
  }

  async pendingInvitationFor(
    tenantId: string,
    email: string,
    now: string,
  ): Promise<InvitationRow | undefined> {
    return this.db<InvitationRow>('tenant_invitations')
      .where({ tenant_id: tenantId, email, status: 'pending' })
      .andWhere('expires_at', '>', now)
      .first();
  }

  /**
   * Changes an invitation only if it is still in `fromStatus`; returns
   * whether it did (so one token is accepted at most once).
   */
  async updateInvitation(
    id: string,
    fromStatus: string,
    patch: Partial<InvitationRow>,
  ): Promise<boolean> {
    const count = await this.db('tenant_invitations')
      .where({ id, status: fromStatus })
      .update(patch);
    return count === 1;
  }

  async revokePendingInvitations(tenantId: string): Promise<number> {
    return this.db('tenant_invitations')
      .where({ tenant_id: tenantId, status: 'pending' })
      .update({ status: 'revoked' });
  }

  async listInvitations(
    tenantId: string,
    query: {
      status?: InvitationStatus[];
      now: string;
      limit: number;
      cursor?: string;
    },
  ): Promise<RowPage<InvitationRow>> {
    const builder = this.db<InvitationRow>('tenant_invitations')
      .select('*')
      .where('tenant_id', tenantId);
    if (query.status?.length) {
      builder.where(inner => {
        for (const status of query.status!) {
          if (status === 'expired') {
            inner.orWhere(e =>
              e
                .where('status', 'pending')
                .andWhere('expires_at', '<=', query.now),
            );
          } else if (status === 'pending') {
            inner.orWhere(p =>
              p
                .where('status', 'pending')
                .andWhere('expires_at', '>', query.now),
            );
          } else inner.orWhere('status', status);
        }
      });
    }
    return newestFirstPage<InvitationRow>(builder, {
      timeColumn: 'created_at',
      idColumn: 'id',
      timeKey: 'c',
      timeOf: row => row.created_at,
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  // -------------------------------------------------------------------- SSO

  async ssoConfig(tenantId: string): Promise<SsoConfigRow | undefined> {
    return this.db<SsoConfigRow>('tenant_sso_configs')
      .where({ tenant_id: tenantId })
      .first();
  }

  async saveSsoConfig(row: SsoConfigRow): Promise<void> {
    await this.db('tenant_sso_configs')
      .insert(row)
      .onConflict('tenant_id')
      .merge([
        'issuer_url',
        'client_id',
        'client_secret_encrypted',
        'updated_at',
      ]);
  }

  async deleteSsoConfig(tenantId: string): Promise<boolean> {
    return (
      (await this.db('tenant_sso_configs')
        .where({ tenant_id: tenantId })
        .delete()) > 0
    );
  }

  // --------------------------------------------------------- impersonations

  async insertImpersonation(row: ImpersonationRow): Promise<void> {
    await this.db('tenant_impersonations').insert(row);
  }

  private impersonationQuery() {
    return this.db('tenant_impersonations as i')
      .join('tenants', 'tenants.id', 'i.tenant_id')
      .leftJoin('tenant_users as u', 'u.id', 'i.user_id')
      .select('i.*', 'tenants.name as tenant_name', 'u.email as user_email');
  }

  async impersonation(id: string): Promise<ImpersonationRow | undefined> {
    return this.impersonationQuery().where('i.id', id).first();
  }

  /** Active (not ended, not expired) impersonations, newest first. */
  async listActiveImpersonations(query: {
    now: string;
    tenant?: string;
    filter?: PermissionCriteria<ColumnFilter>;
    limit: number;
    cursor?: string;
  }): Promise<RowPage<ImpersonationRow>> {
    let builder = this.impersonationQuery()
      .whereNull('i.ended_at')
      .andWhere('i.expires_at', '>', query.now);
    if (query.filter) {
      builder = applyPermissionFilter(builder, query.filter, 'tenants.');
    }
    if (query.tenant) builder.where('tenants.name', query.tenant);
    return newestFirstPage<ImpersonationRow>(builder, {
      timeColumn: 'i.started_at',
      idColumn: 'i.id',
      timeKey: 's',
      timeOf: row => row.started_at,
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  /**
   * How many impersonations are active at `now` (neither ended nor
   * expired) and how many started since `since` (ISO), in one statement.
   */
  async impersonationCounts(
    now: string,
    since: string,
  ): Promise<{ active: number; started: number }> {
    const row = await this.db('tenant_impersonations')
      .select(
        this.db.raw(
          'SUM(CASE WHEN ended_at IS NULL AND expires_at > ? THEN 1 ELSE 0 END) AS active',
          [now],
        ),
        this.db.raw(
          'SUM(CASE WHEN started_at >= ? THEN 1 ELSE 0 END) AS started',
          [since],
        ),
      )
      .where(inner =>
        inner
          .where(open =>
            open.whereNull('ended_at').andWhere('expires_at', '>', now),
          )
          .orWhere('started_at', '>=', since),
      )
      .first();
    return { active: countOf(row?.active), started: countOf(row?.started) };
  }

  /** Not yet ended but past their expiry, oldest first. */
  async expiredImpersonations(
    now: string,
    limit: number,
  ): Promise<ImpersonationRow[]> {
    return this.impersonationQuery()
      .whereNull('i.ended_at')
      .andWhere('i.expires_at', '<=', now)
      .orderBy('i.expires_at')
      .limit(limit);
  }

  /** Ends an impersonation once; returns false when it had already ended. */
  async endImpersonation(
    id: string,
    patch: { ended_at: string; end_reason: string; ended_by: string | null },
  ): Promise<boolean> {
    const count = await this.db('tenant_impersonations')
      .where({ id })
      .whereNull('ended_at')
      .update(patch);
    return count === 1;
  }

  // ----------------------------------------------------------------- outbox

  async enqueueEvent(topic: string, payload: TenantsEventPayload, now: string) {
    await this.db('tenants_outbox').insert({
      topic,
      payload: JSON.stringify(payload),
      created_at: now,
    });
  }

  async pendingEvents(
    limit: number,
  ): Promise<{ id: number; topic: string; payload: string }[]> {
    return this.db('tenants_outbox')
      .whereNull('published_at')
      .orderBy('id')
      .limit(limit)
      .select('id', 'topic', 'payload');
  }

  /** Claims an event for publishing; false when another instance did. */
  async claimEvent(id: number, now: string): Promise<boolean> {
    const count = await this.db('tenants_outbox')
      .where({ id })
      .whereNull('published_at')
      .update({ published_at: now });
    return count === 1;
  }

  async releaseEvent(id: number): Promise<void> {
    await this.db('tenants_outbox')
      .where({ id })
      .update({ published_at: null });
  }
}

import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  AppStatus,
  CredentialStatus,
  RateLimitRule,
} from '@controlplane/plugin-apps-common';
import {
  applyTenantSetFilter,
  ColumnFilter,
  decodeCursor,
  LIKE_ESCAPE,
  likeContains,
  newestFirstPage,
  RowPage,
  toPage,
} from '@controlplane/backend-common';
import { Knex } from 'knex';
import {
  AppRow,
  CredentialRow,
  CredentialWithAppRow,
  RateLimitRow,
  toRule,
} from './rows';

const migrationsDir = resolvePackagePath(
  '@controlplane/plugin-apps-backend',
  'migrations',
);

/** Runs the plugin's migrations on a knex client (tests, seeding). */
export async function migrateAppsDatabase(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: migrationsDir });
}

/** Where the tenants of an app are, for the tenant permission filter. */
const APP_TENANTS = {
  table: 'app_tenants',
  foreignKey: 'app_id',
  references: 'apps.id',
};

export interface AppListQuery {
  search?: string;
  status?: AppStatus;
  tenant?: string;
  limit: number;
  cursor?: string;
  filter?: PermissionCriteria<ColumnFilter>;
}

export interface CredentialListQuery {
  appId?: string;
  status?: CredentialStatus;
  now: string;
  limit: number;
  cursor?: string;
  filter?: PermissionCriteria<ColumnFilter>;
}

/** One usage row to add (counts are added to what is stored). */
export interface UsageIncrement {
  credential_id: string;
  hour: string;
  endpoint: string;
  successful: number;
  failed: number;
  rate_limited: number;
}

export interface UsageCounts {
  successful: number;
  failed: number;
  rate_limited: number;
}

const counts = (row: any): UsageCounts => ({
  successful: Number(row.successful ?? 0),
  failed: Number(row.failed ?? 0),
  rate_limited: Number(row.rate_limited ?? 0),
});

/**
 * All SQL of the apps plugin. Use {@link AppsStore.transaction} for changes
 * that must be atomic (every change to the snapshot bumps the revision in
 * the same transaction).
 */
export class AppsStore {
  static async create(database: DatabaseService): Promise<AppsStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) await migrateAppsDatabase(knex);
    return new AppsStore(knex);
  }

  constructor(readonly db: Knex) {}

  get isPostgres(): boolean {
    return String(this.db.client.config.client).startsWith('p');
  }

  transaction<T>(work: (store: AppsStore) => Promise<T>): Promise<T> {
    return this.db.transaction(trx => work(new AppsStore(trx)));
  }

  // --------------------------------------------------------------- revision

  /** The snapshot revision, as the ETag carries it. */
  async revision(): Promise<string> {
    const row = await this.db('apps_snapshot_revision')
      .where({ id: 1 })
      .first('revision');
    return String(row?.revision ?? 0);
  }

  /**
   * Bumps the snapshot revision. Inside a transaction this also locks the
   * row (PostgreSQL) until commit, so snapshot changes are serialized.
   */
  async bumpRevision(): Promise<void> {
    await this.db('apps_snapshot_revision')
      .where({ id: 1 })
      .increment('revision', 1);
  }

  // ------------------------------------------------------------------- apps

  async insertApp(row: AppRow): Promise<void> {
    await this.db('apps').insert(row);
  }

  async appById(id: string): Promise<AppRow | undefined> {
    return this.db<AppRow>('apps').where({ id }).first();
  }

  async appByName(name: string): Promise<AppRow | undefined> {
    return this.db<AppRow>('apps').where({ name }).first();
  }

  /** Reads and locks the app row until the transaction ends (PostgreSQL). */
  async lockApp(id: string): Promise<AppRow | undefined> {
    const query = this.db<AppRow>('apps').where({ id }).first();
    return this.isPostgres ? query.forUpdate() : query;
  }

  async updateApp(
    id: string,
    patch: Partial<Omit<AppRow, 'id' | 'name' | 'created_at' | 'created_by'>>,
  ): Promise<void> {
    await this.db('apps').where({ id }).update(patch);
  }

  async countApps(): Promise<number> {
    const [{ count }] = await this.db('apps').count({ count: '*' });
    return Number(count);
  }

  async replaceTenants(appId: string, tenants: string[]): Promise<void> {
    await this.db('app_tenants').where({ app_id: appId }).delete();
    if (tenants.length) {
      await this.db('app_tenants').insert(
        tenants.map(tenant => ({ app_id: appId, tenant })),
      );
    }
  }

  async replaceRateLimits(
    appId: string,
    rules: RateLimitRule[],
  ): Promise<void> {
    await this.db('app_rate_limits').where({ app_id: appId }).delete();
    if (rules.length) {
      await this.db('app_rate_limits').insert(
        rules.map(rule => ({
          app_id: appId,
          route_pattern: rule.routePattern,
          limit_per_minute: rule.limitPerMinute,
          burst: rule.burst,
        })),
      );
    }
  }

  /** The tenants of each app (one query for all). */
  async tenantsOf(appIds: string[]): Promise<Map<string, string[]>> {
    const byApp = new Map<string, string[]>(appIds.map(id => [id, []]));
    if (appIds.length === 0) return byApp;
    const rows: { app_id: string; tenant: string }[] = await this.db(
      'app_tenants',
    )
      .whereIn('app_id', appIds)
      .orderBy('tenant')
      .select('app_id', 'tenant');
    for (const row of rows) byApp.get(row.app_id)?.push(row.tenant);
    return byApp;
  }

  /** The rate limit rules of each app (one query for all; all when absent). */
  async rateLimitsOf(appIds?: string[]): Promise<Map<string, RateLimitRule[]>> {
    const byApp = new Map<string, RateLimitRule[]>(
      (appIds ?? []).map(id => [id, []]),
    );
    if (appIds && appIds.length === 0) return byApp;
    const query = this.db<RateLimitRow>('app_rate_limits').orderBy([
      'app_id',
      'route_pattern',
    ]);
    if (appIds) query.whereIn('app_id', appIds);
    for (const row of await query) {
      if (!byApp.has(row.app_id)) byApp.set(row.app_id, []);
      byApp.get(row.app_id)!.push(toRule(row));
    }
    return byApp;
  }

  /** Apps by name, searched and filtered in SQL, keyset-paged. */
  async listApps(query: AppListQuery): Promise<RowPage<AppRow>> {
    let builder = this.db<AppRow>('apps').select('apps.*');
    if (query.filter) {
      builder = applyTenantSetFilter(builder, query.filter, APP_TENANTS);
    }
    if (query.status) builder.where('apps.status', query.status);
    if (query.tenant) {
      const tenant = query.tenant;
      const one = this.db.raw('1');
      builder.whereExists(function servesTenant() {
        this.select(one)
          .from('app_tenants')
          .whereRaw('app_tenants.app_id = apps.id')
          .andWhere('app_tenants.tenant', tenant);
      });
    }
    if (query.search) {
      const pattern = likeContains(query.search);
      builder.where(inner =>
        inner
          .whereRaw(`apps.name LIKE ? ${LIKE_ESCAPE}`, [pattern])
          .orWhereRaw(`LOWER(apps.title) LIKE ? ${LIKE_ESCAPE}`, [pattern]),
      );
    }
    const after = decodeCursor(query.cursor, ['n']);
    if (after) builder.where('apps.name', '>', after.n);
    const rows = await builder.orderBy('apps.name').limit(query.limit + 1);
    return toPage(rows, query.limit, row => ({ n: row.name }));
  }

  async allApps(): Promise<AppRow[]> {
    return this.db<AppRow>('apps').orderBy('name');
  }

  // ------------------------------------------------------------ credentials

  async insertCredential(row: CredentialRow): Promise<void> {
    await this.db('app_credentials').insert(row);
  }

  private credentialQuery() {
    return this.db('app_credentials')
      .join('apps', 'apps.id', 'app_credentials.app_id')
      .select('app_credentials.*', 'apps.name as app_name');
  }

  async credentialById(id: string): Promise<CredentialWithAppRow | undefined> {
    return this.credentialQuery().where('app_credentials.id', id).first();
  }

  /** Reads and locks the credential row until the transaction ends. */
  async lockCredential(id: string): Promise<CredentialRow | undefined> {
    const query = this.db<CredentialRow>('app_credentials')
      .where({ id })
      .first();
    return this.isPostgres ? query.forUpdate() : query;
  }

  async updateCredential(
    id: string,
    patch: Partial<
      Pick<
        CredentialRow,
        | 'secret_hash'
        | 'previous_secret_hash'
        | 'previous_valid_until'
        | 'rotated_at'
        | 'revoked_at'
        | 'revoked_by'
      >
    >,
  ): Promise<void> {
    await this.db('app_credentials').where({ id }).update(patch);
  }

  private filteredCredentials(query: CredentialListQuery) {
    let builder = this.credentialQuery();
    if (query.filter) {
      builder = applyTenantSetFilter(builder, query.filter, APP_TENANTS);
    }
    if (query.appId) builder.where('app_credentials.app_id', query.appId);
    if (query.status === 'revoked') {
      builder.whereNotNull('app_credentials.revoked_at');
    } else if (query.status === 'expired') {
      builder
        .whereNull('app_credentials.revoked_at')
        .where('app_credentials.expires_at', '<=', query.now);
    } else if (query.status === 'active') {
      builder
        .whereNull('app_credentials.revoked_at')
        .where(inner =>
          inner
            .whereNull('app_credentials.expires_at')
            .orWhere('app_credentials.expires_at', '>', query.now),
        );
    }
    return builder;
  }

  /** Credentials newest first, with how many match in all. */
  async listCredentials(
    query: CredentialListQuery,
  ): Promise<RowPage<CredentialWithAppRow> & { total: number }> {
    const [{ count }] = await this.filteredCredentials(query)
      .clearSelect()
      .count({ count: '*' });
    const page = await newestFirstPage<CredentialWithAppRow>(
      this.filteredCredentials(query),
      {
        timeColumn: 'app_credentials.created_at',
        idColumn: 'app_credentials.id',
        timeKey: 'c',
        timeOf: row => row.created_at,
        limit: query.limit,
        cursor: query.cursor,
      },
    );
    return { ...page, total: Number(count) };
  }

  // --------------------------------------------------------------- snapshot

  /**
   * Every credential a verifier must know: not revoked, or revoked after
   * `revokedSince` (so verifiers refuse it by reason), with its app's name
   * and status.
   */
  async snapshotCredentials(
    revokedSince: string,
  ): Promise<(CredentialWithAppRow & { app_status: string })[]> {
    return this.credentialQuery()
      .select('apps.status as app_status')
      .where(inner =>
        inner
          .whereNull('app_credentials.revoked_at')
          .orWhere('app_credentials.revoked_at', '>', revokedSince),
      )
      .orderBy('app_credentials.id');
  }

  async blockedTenants(): Promise<Set<string>> {
    const rows: { tenant: string }[] = await this.db(
      'app_blocked_tenants',
    ).select('tenant');
    return new Set(rows.map(row => row.tenant));
  }

  async blockTenant(tenant: string, status: string, now: string) {
    await this.db('app_blocked_tenants')
      .insert({ tenant, status, changed_at: now })
      .onConflict('tenant')
      .merge(['status', 'changed_at']);
  }

  async blockedTenantRows(): Promise<
    { tenant: string; status: string; changed_at: Date | string }[]
  > {
    return this.db('app_blocked_tenants')
      .select('tenant', 'status', 'changed_at')
      .orderBy('tenant');
  }

  async replaceBlockedTenants(
    rows: { tenant: string; status: string }[],
    now: string,
  ): Promise<void> {
    await this.db('app_blocked_tenants').delete();
    for (let start = 0; start < rows.length; start += 500) {
      await this.db('app_blocked_tenants').insert(
        rows
          .slice(start, start + 500)
          .map(row => ({ ...row, changed_at: now })),
      );
    }
  }

  /** Returns whether the tenant was blocked. */
  async unblockTenant(tenant: string): Promise<boolean> {
    return (
      (await this.db('app_blocked_tenants').where({ tenant }).delete()) > 0
    );
  }

  // ------------------------------------------------------------------ usage

  async existingCredentialIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await this.db('app_credentials')
      .whereIn('id', ids)
      .select('id');
    return new Set(rows.map(row => row.id));
  }

  /**
   * Adds counts to the stored ones (insert or add on conflict). The rows
   * must be unique by (credential_id, hour, endpoint).
   */
  async addUsage(rows: UsageIncrement[]): Promise<void> {
    if (rows.length === 0) return;
    const added = (column: string) =>
      this.db.raw('?? + ??', [
        `app_credential_usage.${column}`,
        `excluded.${column}`,
      ]);
    for (let start = 0; start < rows.length; start += 500) {
      await this.db('app_credential_usage')
        .insert(rows.slice(start, start + 500))
        .onConflict(['credential_id', 'hour', 'endpoint'])
        .merge({
          successful: added('successful'),
          failed: added('failed'),
          rate_limited: added('rate_limited'),
        });
    }
  }

  /** Moves last_used_at forward only. */
  async touchLastUsed(credentialId: string, at: string): Promise<void> {
    await this.db('app_credentials')
      .where({ id: credentialId })
      .andWhere(inner =>
        inner.whereNull('last_used_at').orWhere('last_used_at', '<', at),
      )
      .update({ last_used_at: at });
  }

  /**
   * The usage rows of a credential since `from`: one per hour and endpoint
   * (the table's key), read in one query so totals, days and endpoints of
   * an answer agree with each other.
   */
  async usageRows(
    credentialId: string,
    from: string,
  ): Promise<(UsageCounts & { hour: string; endpoint: string })[]> {
    const rows = await this.db('app_credential_usage')
      .where('credential_id', credentialId)
      .andWhere('hour', '>=', from)
      .select('hour', 'endpoint', 'successful', 'failed', 'rate_limited');
    return rows.map((row: any) => ({
      hour: new Date(row.hour).toISOString(),
      endpoint: row.endpoint,
      ...counts(row),
    }));
  }
}

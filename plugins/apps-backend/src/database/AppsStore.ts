import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  AppPage,
  AppsApiOperations,
  ManagedApp,
  RateLimitRule,
} from '@controlplane/plugin-apps-common';
import { QueryParams } from '@controlplane/common';
import {
  ColumnFilter,
  decodeCursor,
  KnexStore,
  LIKE_ESCAPE,
  likeContains,
  toPage,
} from '@controlplane/backend-common';
import { applyAppFilter, whereOwnedBy } from './appFilter';
import { AppRow, RateLimitRow, toApp, toRule } from './rows';

/** `GET /apps` as the store runs it: the page size parsed, the permission filter added. */
export type AppListQuery = Omit<
  QueryParams<AppsApiOperations['ListApps']>,
  'limit' | 'owner'
> & {
  limit: number;
  /** Only apps owned by one of these entity refs. */
  owner?: string[];
  filter?: PermissionCriteria<ColumnFilter>;
};

/**
 * The apps, the tenants they serve and their rate limit rules. Reads answer
 * whole apps (`ManagedApp`), with their tenants and rules.
 */
export class AppsStore extends KnexStore {
  async insertApp(row: AppRow): Promise<void> {
    await this.db('apps').insert(row);
  }

  async nameTaken(name: string): Promise<boolean> {
    return !!(await this.db('apps').where({ name }).first('id'));
  }

  async app(id: string): Promise<ManagedApp | undefined> {
    const row = await this.db<AppRow>('apps').where({ id }).first();
    return row ? (await this.withDetails([row]))[0] : undefined;
  }

  /** Reads the app and locks its row until the transaction ends (PostgreSQL). */
  async lockApp(id: string): Promise<ManagedApp | undefined> {
    const row = await this.forUpdate(
      this.db<AppRow>('apps').where({ id }).first(),
    );
    return row ? (await this.withDetails([row]))[0] : undefined;
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

  /** The apps that are not disabled. */
  async countEnabledApps(): Promise<number> {
    const [{ count }] = await this.db('apps')
      .whereNot('status', 'disabled')
      .count({ count: '*' });
    return Number(count);
  }

  /**
   * Every tenant some app serves, with the number of those apps that are
   * not disabled: one grouped query.
   */
  async enabledAppsPerTenant(): Promise<Map<string, number>> {
    const rows: { tenant: string; apps: number | string }[] = await this.db(
      'app_tenants',
    )
      .join('apps', 'apps.id', 'app_tenants.app_id')
      .groupBy('app_tenants.tenant')
      .select(
        'app_tenants.tenant',
        this.db.raw(
          "count(case when apps.status <> 'disabled' then 1 end) as apps",
        ),
      );
    return new Map(rows.map(row => [row.tenant, Number(row.apps)]));
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
  async listApps(query: AppListQuery): Promise<AppPage> {
    let builder = this.db<AppRow>('apps').select('apps.*');
    if (query.filter) {
      builder = applyAppFilter(builder, query.filter);
    }
    if (query.status) builder.where('apps.status', query.status);
    if (query.owner) whereOwnedBy(builder, query.owner);
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
    const page = toPage(rows, query.limit, row => ({ n: row.name }));
    return {
      items: await this.withDetails(page.rows),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  /** The apps with these names (those that exist), with their details. */
  async appsByName(names: string[]): Promise<ManagedApp[]> {
    if (names.length === 0) return [];
    return this.withDetails(
      await this.db<AppRow>('apps').whereIn('name', names).orderBy('name'),
    );
  }

  /** The apps whose tenants list `tenant`, with their details. */
  async appsServing(tenant: string): Promise<ManagedApp[]> {
    const rows = await this.db<AppRow>('apps')
      .join('app_tenants', 'app_tenants.app_id', 'apps.id')
      .where('app_tenants.tenant', tenant)
      .select('apps.*')
      .orderBy('apps.name');
    return this.withDetails(rows);
  }

  /**
   * For each of `tenants`, the names of the apps serving it (by name), of
   * the apps `filter` lets through.
   */
  async appNamesServing(
    tenants: string[],
    filter?: PermissionCriteria<ColumnFilter>,
  ): Promise<Map<string, string[]>> {
    const byTenant = new Map<string, string[]>(tenants.map(t => [t, []]));
    if (tenants.length === 0) return byTenant;
    let builder = this.db('apps')
      .join('app_tenants', 'app_tenants.app_id', 'apps.id')
      .whereIn('app_tenants.tenant', tenants)
      .select('apps.name', 'app_tenants.tenant')
      .orderBy('apps.name');
    if (filter) builder = applyAppFilter(builder, filter);
    const rows: { name: string; tenant: string }[] = await builder;
    for (const row of rows) byTenant.get(row.tenant)?.push(row.name);
    return byTenant;
  }

  async addTenant(appId: string, tenant: string): Promise<void> {
    await this.db('app_tenants').insert({ app_id: appId, tenant });
  }

  async removeTenant(appId: string, tenant: string): Promise<void> {
    await this.db('app_tenants').where({ app_id: appId, tenant }).delete();
  }

  /** Every app, by name. */
  async allApps(): Promise<ManagedApp[]> {
    return this.withDetails(await this.db<AppRow>('apps').orderBy('name'));
  }

  private async withDetails(rows: AppRow[]): Promise<ManagedApp[]> {
    const ids = rows.map(row => row.id);
    const [tenants, rules] = await Promise.all([
      this.tenantsOf(ids),
      this.rateLimitsOf(ids),
    ]);
    return rows.map(row =>
      toApp(row, tenants.get(row.id) ?? [], rules.get(row.id) ?? []),
    );
  }
}

import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  applyPermissionFilter,
  ColumnFilter,
  decodeCursor,
  KnexStore,
  RowPage,
  TenantFacts,
  toPage,
  TenantMirrorStore,
  writeChangedTenants,
} from '@controlplane/backend-common';

/** All SQL of `billing_tenants`: plans and statuses from the tenants plugin. */
export class TenantsStore extends KnexStore implements TenantMirrorStore {
  async byName(tenant: string): Promise<TenantFacts | undefined> {
    return this.db('billing_tenants')
      .where({ tenant })
      .first('tenant', 'plan', 'status');
  }

  async byNames(tenants: string[]): Promise<Map<string, TenantFacts>> {
    const rows: TenantFacts[] = tenants.length
      ? await this.db('billing_tenants')
          .whereIn('tenant', tenants)
          .select('tenant', 'plan', 'status')
      : [];
    return new Map(rows.map(row => [row.tenant, row]));
  }

  /** The tenants within the caller's filter (tenant scoping), by name. */
  async list(
    filter?: PermissionCriteria<ColumnFilter>,
  ): Promise<TenantFacts[]> {
    const builder = this.db('billing_tenants').select(
      'tenant',
      'plan',
      'status',
    );
    if (filter) applyPermissionFilter(builder, filter);
    return builder.orderBy('tenant');
  }

  /**
   * A page of the tenants within the caller's filter, by name, after the
   * tenant of `cursor`: a range of the primary key.
   */
  async page(options: {
    filter?: PermissionCriteria<ColumnFilter>;
    limit: number;
    cursor?: string;
  }): Promise<RowPage<TenantFacts>> {
    const builder = this.db('billing_tenants').select(
      'tenant',
      'plan',
      'status',
    );
    if (options.filter) applyPermissionFilter(builder, options.filter);
    const after = decodeCursor(options.cursor, ['t']);
    if (after) builder.where('tenant', '>', after.t);
    const rows: TenantFacts[] = await builder
      .orderBy('tenant')
      .limit(options.limit + 1);
    return toPage(rows, options.limit, row => ({ t: row.tenant }));
  }

  /** Writes what is known; answers how many changed. */
  async write(
    tenants: TenantFacts[],
    updatedAt = new Date().toISOString(),
  ): Promise<number> {
    const changed = await writeChangedTenants(
      this.db,
      'billing_tenants',
      tenants,
      updatedAt,
    );
    return changed.length;
  }
}

import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  applyPermissionFilter,
  ColumnFilter,
  KnexStore,
  TenantFacts,
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

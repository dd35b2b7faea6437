import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  applyPermissionFilter,
  ColumnFilter,
  KnexStore,
  TenantFacts,
} from '@controlplane/backend-common';

/** All SQL of `billing_tenants`: plans and statuses from the tenants plugin. */
export class TenantsStore extends KnexStore {
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
  async upsert(tenants: TenantFacts[], updatedAt: string): Promise<number> {
    const known = await this.byNames(tenants.map(tenant => tenant.tenant));
    const changed = tenants.filter(tenant => {
      const before = known.get(tenant.tenant);
      return (
        !before ||
        before.plan !== tenant.plan ||
        before.status !== tenant.status
      );
    });
    for (let i = 0; i < changed.length; i += 500) {
      await this.db('billing_tenants')
        .insert(
          changed
            .slice(i, i + 500)
            .map(tenant => ({ ...tenant, updated_at: updatedAt })),
        )
        .onConflict('tenant')
        .merge(['plan', 'status', 'updated_at']);
    }
    return changed.length;
  }
}

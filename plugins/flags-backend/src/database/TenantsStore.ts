import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  applyPermissionFilter,
  ColumnFilter,
  decodeCursor,
  KnexStore,
  LIKE_ESCAPE,
  likeContains,
  RowPage,
  TenantFacts,
  toPage,
  writeChangedTenants,
} from '@controlplane/backend-common';
import type { Plan } from '@controlplane/plugin-flags-common';
import { DbTime, toIso } from './rows';

/** A tenant as the flags plugin knows it: what its plan layer needs. */
export interface KnownTenant {
  tenant: string;
  plan: Plan;
  /** active, suspended or offboarded (the tenants plugin's status). */
  status: string;
  updatedAt: string;
}

interface TenantRow {
  tenant: string;
  plan: Plan;
  status: string;
  updated_at: DbTime;
}

const toKnownTenant = (row: TenantRow): KnownTenant => ({
  tenant: row.tenant,
  plan: row.plan,
  status: row.status,
  updatedAt: toIso(row.updated_at),
});

/** All SQL of `flag_tenants`, the tenants' plans and statuses. */
export class TenantsStore extends KnexStore {
  async all(): Promise<KnownTenant[]> {
    const rows: TenantRow[] = await this.db<TenantRow>('flag_tenants');
    return rows.map(toKnownTenant);
  }

  async byName(tenant: string): Promise<KnownTenant | undefined> {
    const row = await this.db<TenantRow>('flag_tenants')
      .where({ tenant })
      .first();
    return row && toKnownTenant(row);
  }

  /** Tenants by name from the cursor on, within the caller's filter. */
  async page(query: {
    search?: string;
    limit: number;
    cursor?: string;
    filter?: PermissionCriteria<ColumnFilter>;
  }): Promise<RowPage<KnownTenant>> {
    const after = decodeCursor(query.cursor, ['t']);
    const builder = this.db<TenantRow>('flag_tenants').whereNot(
      'status',
      'offboarded',
    );
    if (query.filter) applyPermissionFilter(builder, query.filter);
    if (query.search) {
      builder.whereRaw(`tenant LIKE ? ${LIKE_ESCAPE}`, [
        likeContains(query.search),
      ]);
    }
    if (after) builder.where('tenant', '>', after.t);
    const rows: TenantRow[] = await builder
      .orderBy('tenant')
      .limit(query.limit + 1);
    return toPage(rows.map(toKnownTenant), query.limit, row => ({
      t: row.tenant,
    }));
  }

  /**
   * Writes what is known of tenants; answers the ones that changed (plan or
   * status), so an unchanged resync moves no revision.
   */
  async upsert(
    tenants: TenantFacts[],
    updatedAt: string,
  ): Promise<TenantFacts[]> {
    return writeChangedTenants(this.db, 'flag_tenants', tenants, updatedAt);
  }
}

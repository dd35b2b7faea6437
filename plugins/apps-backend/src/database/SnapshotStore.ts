import { KnexStore } from '@controlplane/backend-common';

/** A tenant no credential may reach, as the tenants plugin said last. */
export interface BlockedTenantRow {
  tenant: string;
  /** `suspended` or `offboarded`. */
  status: string;
  changed_at: Date | string;
}

/**
 * What the credential snapshot adds to apps and credentials: its revision
 * (the ETag verifiers revalidate with) and the blocked tenants.
 */
export class SnapshotStore extends KnexStore {
  /** The snapshot revision, as the ETag carries it. */
  async revision(): Promise<string> {
    const row = await this.db('apps_snapshot_revision')
      .where({ id: 1 })
      .first('revision');
    return String(row?.revision ?? 0);
  }

  /**
   * Locks the revision row until the transaction ends (PostgreSQL; SQLite
   * runs one writer at a time anyway), so changes that read before they
   * write, such as setting a tenant's apps, run one after the other.
   */
  async lockRevision(): Promise<void> {
    await this.forUpdate(this.db('apps_snapshot_revision').where({ id: 1 }));
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

  async blockedTenantRows(): Promise<BlockedTenantRow[]> {
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
}

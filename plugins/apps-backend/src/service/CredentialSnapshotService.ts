import {
  CredentialSnapshot,
  SnapshotCredential,
} from '@controlplane/plugin-apps-common';
import {
  TenantsEventPayload,
  tenantNameProblem,
} from '@controlplane/plugin-tenants-common';
import { SnapshotCredentialRow, toIso } from '../database/rows';
import { AppsStores } from '../database/stores';
import { BlockedTenant } from './tenantStatusSource';

export interface CredentialSnapshotServiceOptions {
  stores: AppsStores;
  now: () => Date;
}

/** Revoked credentials stay in the snapshot this long, refused by reason. */
const REVOKED_IN_SNAPSHOT_MS = 30 * 86_400_000;

/**
 * The credential snapshot the verifiers of every plugin hold in memory,
 * its revision (the ETag) and the tenants no credential may reach
 * (suspended or offboarded, from the tenants plugin).
 */
export class CredentialSnapshotService {
  readonly #stores: AppsStores;
  readonly #now: () => Date;

  constructor(options: CredentialSnapshotServiceOptions) {
    this.#stores = options.stores;
    this.#now = options.now;
  }

  /** The current revision: one row read, for cheap revalidation. */
  async revision(): Promise<string> {
    return this.#stores.snapshot.revision();
  }

  /**
   * Everything verifiers hold in memory. The revision is read first, so the
   * content is never older than the revision it is served under.
   */
  async snapshot(): Promise<CredentialSnapshot> {
    const now = this.#now();
    const { apps, credentials, snapshot } = this.#stores;
    const revision = await snapshot.revision();
    const rows = await credentials.verifiable(
      new Date(now.getTime() - REVOKED_IN_SNAPSHOT_MS).toISOString(),
    );
    const appIds = [...new Set(rows.map(row => row.app_id))];
    const [tenants, blocked, rules] = await Promise.all([
      apps.tenantsOf(appIds),
      snapshot.blockedTenants(),
      apps.rateLimitsOf(),
    ]);
    return {
      revision,
      credentials: rows.map(row =>
        toSnapshotCredential(
          row,
          (tenants.get(row.app_id) ?? []).filter(t => !blocked.has(t)),
          now,
        ),
      ),
      rateLimits: [...rules.entries()].map(([appId, appRules]) => ({
        appId,
        rules: appRules,
      })),
    };
  }

  /**
   * Reacts to the tenants plugin: a suspended or offboarded tenant leaves
   * every snapshot credential's tenants; a reactivated one comes back.
   * Returns whether the snapshot changed.
   */
  async onTenantEvent(payload: TenantsEventPayload): Promise<boolean> {
    if (!payload?.tenant || tenantNameProblem(payload.tenant)) return false;
    const iso = this.#now().toISOString();
    return this.#stores.transaction(async tx => {
      if (
        payload.type === 'tenant.suspended' ||
        payload.type === 'tenant.offboarded'
      ) {
        await tx.snapshot.blockTenant(
          payload.tenant,
          payload.type === 'tenant.suspended' ? 'suspended' : 'offboarded',
          iso,
        );
      } else if (payload.type === 'tenant.reactivated') {
        if (!(await tx.snapshot.unblockTenant(payload.tenant))) return false;
      } else {
        return false;
      }
      await tx.snapshot.bumpRevision();
      return true;
    });
  }

  /**
   * Makes the blocked tenants those the tenants plugin listed at `readAt`
   * (its suspended and offboarded tenants), for events this plugin missed
   * while it was down. Rows an event changed after `readAt` are newer than
   * the list and stay. Returns whether the snapshot changed.
   */
  async syncBlockedTenants(
    listed: BlockedTenant[],
    readAt: Date,
  ): Promise<boolean> {
    const iso = this.#now().toISOString();
    return this.#stores.transaction(async tx => {
      const current = await tx.snapshot.blockedTenantRows();
      const wanted = new Map<string, string>();
      for (const row of listed) {
        if (!tenantNameProblem(row.tenant)) wanted.set(row.tenant, row.status);
      }
      for (const row of current) {
        if (new Date(row.changed_at) >= readAt) {
          wanted.set(row.tenant, row.status);
        }
      }
      const same =
        current.length === wanted.size &&
        current.every(row => wanted.get(row.tenant) === row.status);
      if (same) return false;
      await tx.snapshot.replaceBlockedTenants(
        [...wanted].map(([tenant, status]) => ({ tenant, status })),
        iso,
      );
      await tx.snapshot.bumpRevision();
      return true;
    });
  }
}

/**
 * One credential as verifiers hold it: the hashes of the secrets that work
 * now, or none and the reason it is refused.
 */
function toSnapshotCredential(
  row: SnapshotCredentialRow,
  tenants: string[],
  now: Date,
): SnapshotCredential {
  let refused: SnapshotCredential['refused'];
  if (row.revoked_at) refused = 'revoked';
  else if (row.app_status !== 'active') refused = 'app-disabled';
  const secretHashes: SnapshotCredential['secretHashes'] = [];
  if (!refused) {
    secretHashes.push({ hash: row.secret_hash });
    if (
      row.previous_secret_hash &&
      row.previous_valid_until &&
      new Date(row.previous_valid_until) > now
    ) {
      secretHashes.push({
        hash: row.previous_secret_hash,
        validUntil: toIso(row.previous_valid_until),
      });
    }
  }
  return {
    credentialId: row.id,
    clientId: row.client_id,
    appId: row.app_id,
    appName: row.app_name,
    environment: row.app_environment,
    secretHashes,
    scopes: JSON.parse(row.scopes),
    tenants,
    ...(row.expires_at ? { expiresAt: toIso(row.expires_at) } : {}),
    ...(refused ? { refused } : {}),
  };
}

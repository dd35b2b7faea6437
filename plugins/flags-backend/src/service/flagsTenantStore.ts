import { TenantFacts, TenantMirrorStore } from '@controlplane/backend-common';
import { FlagsStores } from '../database/stores';

/**
 * The flags plugin's copy of the tenants' plans and statuses, as the shared
 * TenantMirror writes it: a change (a provisioned tenant, a plan change, a
 * suspension) moves the flag configuration's revision in the same
 * transaction, so every instance reloads, and is announced.
 */
export function flagsTenantStore(options: {
  stores: FlagsStores;
  /** Told when tenants changed (publishes the change event). */
  onChange: (tenants: string[], revision: number) => Promise<void>;
  now?: () => Date;
}): TenantMirrorStore {
  const { stores, onChange } = options;
  const now = options.now ?? (() => new Date());
  return {
    byName: tenant => stores.tenants.byName(tenant),
    async write(tenants: TenantFacts[]) {
      const { changed, revision } = await stores.transaction(async trx => {
        const written = await trx.tenants.upsert(tenants, now().toISOString());
        return {
          changed: written,
          revision:
            written.length > 0 ? await trx.flags.bumpConfigRevision() : 0,
        };
      });
      if (changed.length > 0) {
        await onChange(
          changed.map(tenant => tenant.tenant),
          revision,
        );
      }
      return changed.length;
    },
  };
}

import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  fetchAllTenants,
  tenantStatusAfter,
} from '@controlplane/backend-common';
import type { Plan } from '@controlplane/plugin-flags-common';
import type { TenantsEventPayload } from '@controlplane/plugin-tenants-common';
import { KnownTenant } from '../database/TenantsStore';
import { FlagsStores } from '../database/stores';

export interface TenantDirectoryOptions {
  stores: FlagsStores;
  discovery: DiscoveryService;
  auth: AuthService;
  logger: LoggerService;
  /** Told when tenants changed (publishes the change event). */
  onChange: (tenants: string[], revision: number) => Promise<void>;
  now?: () => Date;
}

/**
 * The tenants' plans and statuses as the flags plugin keeps them: written
 * from the tenants plugin's lifecycle events (a provisioned tenant or a plan
 * change applies its plan's values with no manual step) and a periodic
 * sync over REST that catches what events missed. Plugins never read each
 * other's tables.
 */
export class TenantDirectory {
  readonly #options: TenantDirectoryOptions;
  readonly #now: () => Date;

  constructor(options: TenantDirectoryOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  /** Applies one lifecycle event of the tenants plugin. */
  async onTenantEvent(event: TenantsEventPayload): Promise<void> {
    const known = await this.#options.stores.tenants.byName(event.tenant);
    const status = tenantStatusAfter(event.type) ?? known?.status ?? 'active';
    const plan = (event.plan as Plan | undefined) ?? known?.plan;
    if (!plan) {
      // A status change of a tenant this plugin never heard of: ask.
      await this.sync();
      return;
    }
    await this.write([
      {
        tenant: event.tenant,
        plan,
        status,
        updatedAt: this.#now().toISOString(),
      },
    ]);
  }

  /** Reads every tenant from the tenants plugin and writes what changed. */
  async sync(): Promise<number> {
    const tenants = await this.fetchAll();
    if (!tenants) return 0;
    return (await this.write(tenants)).length;
  }

  private async write(tenants: KnownTenant[]): Promise<KnownTenant[]> {
    const { stores } = this.#options;
    const result = await stores.transaction(async trx => {
      const changed = await trx.tenants.upsert(tenants);
      const revision =
        changed.length > 0 ? await trx.flags.bumpConfigRevision() : 0;
      return { changed, revision };
    });
    if (result.changed.length > 0) {
      await this.#options.onChange(
        result.changed.map(tenant => tenant.tenant),
        result.revision,
      );
    }
    return result.changed;
  }

  private async fetchAll(): Promise<KnownTenant[] | undefined> {
    const tenants = await fetchAllTenants(this.#options);
    const updatedAt = this.#now().toISOString();
    return tenants?.map(tenant => ({
      ...tenant,
      plan: tenant.plan as Plan,
      updatedAt,
    }));
  }
}

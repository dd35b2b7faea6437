import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Plan } from '@controlplane/plugin-flags-common';
import type { TenantsEventPayload } from '@controlplane/plugin-tenants-common';
import { KnownTenant } from '../database/TenantsStore';
import { FlagsStores } from '../database/stores';

/** The status a lifecycle event leaves a tenant in (a plan change: unchanged). */
const STATUS_AFTER: Partial<Record<TenantsEventPayload['type'], string>> = {
  'tenant.provisioned': 'active',
  'tenant.reactivated': 'active',
  'tenant.suspended': 'suspended',
  'tenant.offboarded': 'offboarded',
};

const PAGE_LIMIT = 200;
const MAX_PAGES = 500;

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
    const status = STATUS_AFTER[event.type] ?? known?.status ?? 'active';
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
    const { discovery, auth, logger } = this.#options;
    const baseUrl = await discovery.getBaseUrl('tenants');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'tenants',
    });
    const now = this.#now().toISOString();
    const tenants: KnownTenant[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query = new URLSearchParams({
        status: 'active,suspended,offboarded',
        limit: String(PAGE_LIMIT),
        ...(cursor ? { cursor } : {}),
      });
      const response = await fetch(`${baseUrl}/tenants?${query}`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) {
        logger.warn(
          `Could not read the tenants for their plans: ${response.status} ${response.statusText}`,
        );
        return undefined;
      }
      const body = (await response.json()) as {
        items?: { name: string; plan: Plan; status: string }[];
        nextCursor?: string;
      };
      for (const tenant of body.items ?? []) {
        tenants.push({
          tenant: tenant.name,
          plan: tenant.plan,
          status: tenant.status,
          updatedAt: now,
        });
      }
      cursor = body.nextCursor;
      if (!cursor) return tenants;
    }
    return undefined;
  }
}

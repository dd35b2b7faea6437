import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  fetchAllTenants,
  tenantStatusAfter,
} from '@controlplane/backend-common';
import type { TenantsEventPayload } from '@controlplane/plugin-tenants-common';
import { BillingStores } from '../database/stores';

/**
 * The tenants' plans and statuses as billing keeps them: from the tenants
 * plugin's lifecycle events, and a periodic sync over REST for what events
 * missed.
 */
export class TenantDirectory {
  constructor(
    private readonly options: {
      stores: BillingStores;
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  async onTenantEvent(event: TenantsEventPayload): Promise<void> {
    const known = await this.options.stores.tenants.byName(event.tenant);
    const plan = event.plan ?? known?.plan;
    if (!plan) {
      await this.sync();
      return;
    }
    await this.options.stores.tenants.upsert(
      [
        {
          tenant: event.tenant,
          plan,
          status: tenantStatusAfter(event.type) ?? known?.status ?? 'active',
        },
      ],
      new Date().toISOString(),
    );
  }

  async sync(): Promise<number> {
    const tenants = await fetchAllTenants(this.options);
    if (!tenants) return 0;
    return this.options.stores.tenants.upsert(
      tenants,
      new Date().toISOString(),
    );
  }
}

import {
  AuthService,
  DiscoveryService,
  HttpRouterService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Permission } from '@backstage/plugin-permission-common';
import {
  createPermissionResourceRef,
  PermissionResourceRef,
  PermissionRule,
} from '@backstage/plugin-permission-node';
import { EventsService } from '@backstage/plugin-events-node';
import { Knex } from 'knex';
import {
  TENANTS_EVENT_TOPIC,
  TenantsEventPayload,
} from '@controlplane/plugin-tenants-common';
import { ColumnFilter } from './filters';
import { ResourceAuthorizer } from './ResourceAuthorizer';
import { registerResourcePermissions } from './registerResourcePermissions';
import { createTenantRule } from './rules';
import {
  fetchAllTenants,
  TenantFacts,
  tenantStatusAfter,
} from './tenantsOverRest';

/** A tenant as the permission resource of a tenant-scoped plugin. */
export interface TenantResource {
  /** The tenant's name; also the resourceRef of its permission checks. */
  tenant: string;
}

/** The resource ref of a plugin whose resource permissions are per tenant. */
export type TenantResourceRef<TResourceType extends string> =
  PermissionResourceRef<TenantResource, ColumnFilter, TResourceType>;

/**
 * A tenant as a plugin's permission resource: the resourceRef of a check is
 * the tenant name, and the tenant rule filters the plugin's `tenant` column.
 */
export function createTenantResourceRef<const TResourceType extends string>(
  pluginId: string,
  resourceType: TResourceType,
): TenantResourceRef<TResourceType> {
  return createPermissionResourceRef<TenantResource, ColumnFilter>().with({
    pluginId,
    resourceType,
  });
}

/**
 * Registers a tenant-scoped plugin's permissions (its resource permissions
 * on the tenant resource, with the tenant rule on `column`) and answers the
 * authorizer its routes check them with.
 */
export function registerTenantPermissions<
  const TResourceType extends string,
>(options: {
  resourceRef: TenantResourceRef<TResourceType>;
  permissionsRegistry: PermissionsRegistryService;
  permissions: PermissionsService;
  httpRouter: HttpRouterService;
  /** Every permission of the plugin, basic and resource ones. */
  pluginPermissions: Permission[];
  descriptions: Record<string, string>;
  /** The column holding the tenant name in the plugin's tables. */
  column?: string;
}): ResourceAuthorizer<TenantResource, TResourceType> {
  const { resourceRef } = options;
  const tenantRule = createTenantRule({
    resourceRef,
    column: options.column ?? 'tenant',
    getTenant: resource => resource.tenant,
  });
  return registerResourcePermissions<TenantResource, TResourceType>({
    permissionsRegistry: options.permissionsRegistry,
    permissions: options.permissions,
    httpRouter: options.httpRouter,
    resourceRef,
    pluginPermissions: options.pluginPermissions,
    descriptions: options.descriptions,
    // The rule's params type is narrower than the registry's generic one.
    rules: [tenantRule as PermissionRule<TenantResource, ColumnFilter, never>],
    getResources: async ids => ids.map(tenant => ({ tenant })),
  });
}

/** What a plugin keeping its own copy of the tenants' plans provides. */
export interface TenantMirrorStore {
  /** The copy's facts of one tenant, if it has them. */
  byName(tenant: string): Promise<TenantFacts | undefined>;
  /** Writes the facts; answers how many tenants changed. */
  write(tenants: TenantFacts[]): Promise<number>;
}

/**
 * A plugin's own copy of the tenants' plans and statuses (plugins never
 * read each other's tables): written from the tenants plugin's lifecycle
 * events, and resynced over REST for what the events missed.
 */
export class TenantMirror {
  constructor(
    private readonly options: {
      store: TenantMirrorStore;
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  /** Applies one lifecycle event of the tenants plugin. */
  async onTenantEvent(event: TenantsEventPayload): Promise<void> {
    const known = await this.options.store.byName(event.tenant);
    const plan = event.plan ?? known?.plan;
    if (!plan) {
      // A status change of a tenant this plugin never heard of: ask.
      await this.sync();
      return;
    }
    await this.options.store.write([
      {
        tenant: event.tenant,
        plan,
        status: tenantStatusAfter(event.type) ?? known?.status ?? 'active',
      },
    ]);
  }

  /** Reads every tenant from the tenants plugin; answers how many changed. */
  async sync(): Promise<number> {
    const tenants = await fetchAllTenants(this.options);
    return tenants ? this.options.store.write(tenants) : 0;
  }

  /**
   * Keeps the copy current: one instance of the plugin takes each lifecycle
   * event (the subscriber id is the plugin's), and a scheduled task, run by
   * one instance at a time, resyncs.
   */
  async follow(options: {
    pluginId: string;
    events: EventsService;
    scheduler: SchedulerService;
    syncMinutes: number;
  }): Promise<void> {
    await options.events.subscribe({
      id: options.pluginId,
      topics: [TENANTS_EVENT_TOPIC],
      onEvent: async params => {
        await this.onTenantEvent(
          params.eventPayload as unknown as TenantsEventPayload,
        );
      },
    });
    await options.scheduler.scheduleTask({
      id: `${options.pluginId}-tenant-sync`,
      frequency: { minutes: options.syncMinutes },
      timeout: { minutes: 2 },
      initialDelay: { seconds: 5 },
      fn: async () => {
        await this.sync();
      },
    });
  }
}

const WRITE_CHUNK = 500;

/**
 * Writes tenant facts into a plugin's copy (a table keyed by `tenant` with
 * `plan`, `status` and `updated_at`), only those that changed; answers them.
 */
export async function writeChangedTenants(
  db: Knex,
  table: string,
  tenants: TenantFacts[],
  updatedAt: string,
): Promise<TenantFacts[]> {
  const known = new Map<string, TenantFacts>();
  for (let i = 0; i < tenants.length; i += WRITE_CHUNK) {
    const names = tenants.slice(i, i + WRITE_CHUNK).map(t => t.tenant);
    const rows: TenantFacts[] = await db(table)
      .whereIn('tenant', names)
      .select('tenant', 'plan', 'status');
    for (const row of rows) known.set(row.tenant, row);
  }
  const changed = tenants.filter(tenant => {
    const before = known.get(tenant.tenant);
    return (
      !before || before.plan !== tenant.plan || before.status !== tenant.status
    );
  });
  for (let i = 0; i < changed.length; i += WRITE_CHUNK) {
    await db(table)
      .insert(
        changed.slice(i, i + WRITE_CHUNK).map(tenant => ({
          tenant: tenant.tenant,
          plan: tenant.plan,
          status: tenant.status,
          updated_at: updatedAt,
        })),
      )
      .onConflict('tenant')
      .merge(['plan', 'status', 'updated_at']);
  }
  return changed;
}

import { Config } from '@backstage/config';
import { ConflictError } from '@backstage/errors';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  NewTenant,
  TENANT_PLANS,
  TenantPlan,
} from '@controlplane/plugin-tenants-common';
import { TenantsService } from './TenantsService';

/** The actor of changes the plugin makes on its own. */
const SEED_ACTOR = 'plugin:tenants';

/** A tenant of `tenants.initialTenants`: provisioned, then maybe suspended. */
interface InitialTenant extends NewTenant {
  suspendReason?: string;
}

function readInitialTenants(config: Config): InitialTenant[] {
  return (config.getOptionalConfigArray('tenants.initialTenants') ?? []).map(
    entry => {
      const plan = entry.getString('plan');
      if (!(TENANT_PLANS as readonly string[]).includes(plan)) {
        throw new Error(
          `tenants.initialTenants: plan "${plan}" is not one of ${TENANT_PLANS.join(
            ', ',
          )}`,
        );
      }
      if (entry.has('applications')) {
        // The apps plugin decides which apps serve a tenant.
        throw new Error(
          'tenants.initialTenants[].applications is not supported: list the tenant in the tenants of its apps (apps.initialApps) instead',
        );
      }
      return {
        name: entry.getString('name'),
        displayName: entry.getOptionalString('displayName'),
        domain: entry.getString('domain'),
        plan: plan as TenantPlan,
        ownerEmail: entry.getString('ownerEmail'),
        suspendReason: entry.getOptionalString('suspendReason'),
      };
    },
  );
}

/**
 * Provisions `tenants.initialTenants` on the first start, when the plugin has
 * no tenant at all (the local demo: the tenants of the example catalog).
 * Another instance seeding at the same time makes the names conflict; those
 * are skipped. Returns how many were created.
 */
export async function seedInitialTenants(
  service: TenantsService,
  config: Config,
  logger: LoggerService,
): Promise<number> {
  const initial = readInitialTenants(config);
  if (initial.length === 0) return 0;
  const existing = await service.listTenants({
    includeOffboarded: true,
    sort: 'name',
    order: 'asc',
    limit: 1,
  });
  if (existing.items.length > 0) return 0;
  let created = 0;
  for (const { suspendReason, ...input } of initial) {
    try {
      await service.provision(input, SEED_ACTOR);
      created += 1;
      if (suspendReason) {
        await service.suspend(
          await service.getTenant(input.name),
          suspendReason,
        );
      }
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  logger.info(
    `Provisioned ${created} initial tenants from tenants.initialTenants`,
  );
  return created;
}

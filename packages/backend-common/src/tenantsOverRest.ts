import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { fetchFromPlugin } from './pluginRequests';

/** A tenant as other plugins need it: its name, plan and status. */
export interface TenantFacts {
  /** The tenant's name, e.g. `acme`. */
  tenant: string;
  /** Its subscription plan, e.g. `professional`. */
  plan: string;
  /** active, suspended or offboarded. */
  status: string;
}

const PAGE_LIMIT = 200;
const MAX_PAGES = 500;

/**
 * Every tenant (all statuses) from the tenants plugin over REST, with the
 * calling plugin's own service credentials (plugins never read each other's
 * tables); undefined, with a warning, when the tenants plugin does not
 * answer. What plugins that keep tenants' plans from the lifecycle events
 * (`controlplane.tenants`) resync from.
 */
export async function fetchAllTenants(deps: {
  discovery: DiscoveryService;
  auth: AuthService;
  logger: LoggerService;
}): Promise<TenantFacts[] | undefined> {
  const { logger } = deps;
  const tenants: TenantFacts[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({
      status: 'active,suspended,offboarded',
      limit: String(PAGE_LIMIT),
      ...(cursor ? { cursor } : {}),
    });
    const response = await fetchFromPlugin(
      deps,
      'tenants',
      `/tenants?${query}`,
    );
    if (!response.ok) {
      logger.warn(
        `Could not read the tenants: ${response.status} ${response.statusText}`,
      );
      return undefined;
    }
    const body = (await response.json()) as {
      items?: { name: string; plan: string; status: string }[];
      nextCursor?: string;
    };
    for (const item of body.items ?? []) {
      tenants.push({ tenant: item.name, plan: item.plan, status: item.status });
    }
    cursor = body.nextCursor;
    if (!cursor) return tenants;
  }
  return undefined;
}

/**
 * The status a tenant lifecycle event leaves a tenant in; undefined for
 * events that do not change it (a plan change).
 */
export function tenantStatusAfter(eventType: string): string | undefined {
  switch (eventType) {
    case 'tenant.provisioned':
    case 'tenant.reactivated':
      return 'active';
    case 'tenant.suspended':
      return 'suspended';
    case 'tenant.offboarded':
      return 'offboarded';
    default:
      return undefined;
  }
}

import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';

/** A tenant whose apps must not reach it, with why. */
export interface BlockedTenant {
  tenant: string;
  status: string;
}

const PAGE_LIMIT = 200;
const MAX_PAGES = 100;

/**
 * Reads the suspended and offboarded tenants from the tenants plugin over
 * REST with the plugin's own service credentials (no plugin reads another's
 * tables). Returns undefined when the tenants plugin does not answer, so a
 * portal without it keeps what the events said.
 */
export async function fetchBlockedTenants(deps: {
  discovery: DiscoveryService;
  auth: AuthService;
}): Promise<BlockedTenant[] | undefined> {
  const baseUrl = await deps.discovery.getBaseUrl('tenants');
  const { token } = await deps.auth.getPluginRequestToken({
    onBehalfOf: await deps.auth.getOwnServiceCredentials(),
    targetPluginId: 'tenants',
  });
  const blocked: BlockedTenant[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({
      status: 'suspended,offboarded',
      limit: String(PAGE_LIMIT),
      ...(cursor ? { cursor } : {}),
    });
    const response = await fetch(`${baseUrl}/tenants?${query}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) return undefined;
    const body = (await response.json()) as {
      items?: { name: string; status: string }[];
      nextCursor?: string;
    };
    for (const tenant of body.items ?? []) {
      blocked.push({ tenant: tenant.name, status: tenant.status });
    }
    cursor = body.nextCursor;
    if (!cursor) return blocked;
  }
  return undefined;
}

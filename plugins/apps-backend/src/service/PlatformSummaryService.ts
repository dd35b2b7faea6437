import {
  PlatformAppsSummary,
  USAGE_PERIOD_DAYS,
} from '@controlplane/plugin-apps-common';
import { AppsStores } from '../database/stores';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The start of the hour `ms` ago, ISO 8601 UTC. */
function hourStartBefore(now: Date, ms: number): string {
  const from = new Date(now.getTime() - ms);
  from.setUTCMinutes(0, 0, 0);
  return from.toISOString();
}

/**
 * The apps plugin's part of the platform dashboard: per tenant, its apps
 * and the calls of their credentials; totals over the platform. Five
 * grouped queries whatever the number of tenants.
 */
export class PlatformSummaryService {
  readonly #stores: AppsStores;
  readonly #now: () => Date;

  constructor(options: { stores: AppsStores; now: () => Date }) {
    this.#stores = options.stores;
    this.#now = options.now;
  }

  async summary(): Promise<PlatformAppsSummary> {
    const now = this.#now();
    const from24h = hourStartBefore(now, 24 * HOUR_MS);
    const from7d = hourStartBefore(now, 7 * DAY_MS);
    // The longest usage period a credential's usage answers.
    const since = hourStartBefore(now, USAGE_PERIOD_DAYS['90d'] * DAY_MS);
    const { apps, credentials, usage } = this.#stores;
    const [appsPerTenant, usagePerTenant, totalApps, active, calls] =
      await Promise.all([
        apps.enabledAppsPerTenant(),
        usage.tenantTotals({ from24h, from7d, since }),
        apps.countEnabledApps(),
        credentials.countActive(now.toISOString()),
        usage.totalsSince(from24h),
      ]);
    const usageOf = new Map(usagePerTenant.map(row => [row.tenant, row]));
    return {
      generatedAt: now.toISOString(),
      tenants: [...appsPerTenant.keys()].sort().map(tenant => {
        const used = usageOf.get(tenant);
        return {
          tenant,
          apps: appsPerTenant.get(tenant) ?? 0,
          requests24h: used?.requests24h ?? 0,
          failed24h: used?.failed24h ?? 0,
          rateLimited24h: used?.rateLimited24h ?? 0,
          credentialFailures7d: used?.failed7d ?? 0,
          failingCredentials7d: used?.failingCredentials7d ?? 0,
          lastFailureAt: used?.lastFailureAt ?? null,
        };
      }),
      totals: {
        apps: totalApps,
        activeCredentials: active,
        requests24h: calls.requests,
        failed24h: calls.failed,
        rateLimited24h: calls.rateLimited,
      },
    };
  }
}

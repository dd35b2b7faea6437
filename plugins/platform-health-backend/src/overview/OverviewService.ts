import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { ColumnFilter } from '@controlplane/backend-common';
import { PlatformHealthStores } from '../database/stores';
import { RequestMetricsReader } from '../service/RequestMetricsReader';
import { PlatformOverview } from '@controlplane/plugin-platform-health-common';
import { buildOverview, OverviewScope } from './buildOverview';
import { CachedSources } from './CachedSources';

/** Whose overview: the caller's reach, or one tenant in it. */
export type OverviewAccess =
  | {
      /** The SQL filter of a tenant-scoped caller; none for the platform. */
      filter?: PermissionCriteria<ColumnFilter>;
      /** Whether the caller's permission reaches a tenant. */
      includes: (tenant: string) => boolean;
    }
  | {
      /** One tenant's figures (the caller's reach checked already). */
      tenant: string;
    };

function scopeOf(access: OverviewAccess): {
  scope: OverviewScope;
  filter?: PermissionCriteria<ColumnFilter>;
} {
  if ('tenant' in access) {
    const only = access.tenant;
    return {
      scope: { platform: false, single: true, includes: t => t === only },
      filter: { column: 'tenant', in: [only] },
    };
  }
  if (access.filter === undefined) return { scope: { platform: true } };
  return {
    scope: { platform: false, includes: access.includes },
    filter: access.filter,
  };
}

/**
 * `GET /overview`: the plugins' summaries (cached, shared by instances),
 * this plugin's request metrics and the database's figures, computed for
 * the caller's scope.
 */
export class OverviewService {
  constructor(
    private readonly options: {
      sources: CachedSources;
      requestMetrics: RequestMetricsReader;
      stores: PlatformHealthStores;
      now?: () => Date;
    },
  ) {}

  async overview(access: OverviewAccess): Promise<PlatformOverview> {
    const { scope, filter } = scopeOf(access);
    const { requestMetrics, stores } = this.options;
    const [{ bundle, cached }, hour, day, database] = await Promise.all([
      this.options.sources.get(),
      requestMetrics.report({ window: '1h', by: 'plugin', filter }),
      requestMetrics.report({ window: '24h', by: 'plugin', filter }),
      scope.platform
        ? stores.databaseStats.stats()
        : Promise.resolve(undefined),
    ]);
    return buildOverview({
      bundle,
      cached,
      scope,
      database,
      now: this.options.now?.() ?? new Date(),
      api: {
        requests1h: hour.totals.requests,
        requests24h: day.totals.requests,
        errorRate1h: hour.totals.errorRatio,
        errorRate24h: day.totals.errorRatio,
        p95LatencyMs1h: hour.totals.p95Ms,
        p95LatencyMs24h: day.totals.p95Ms,
      },
    });
  }
}

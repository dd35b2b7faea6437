import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { ColumnFilter } from '@controlplane/backend-common';
import { DatabaseStats } from '../database/DatabaseStatsStore';
import { PlatformHealthStores } from '../database/stores';
import { RequestMetricsReader } from '../service/RequestMetricsReader';
import { PlatformOverview } from '@controlplane/plugin-platform-health-common';
import { buildOverview, OverviewScope } from './buildOverview';
import { CachedSources } from './CachedSources';
import { SourceBundle } from './sources';

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

/** Callers with the same key see the same overview. */
function scopeKeyOf(access: OverviewAccess): string {
  if ('tenant' in access) return `tenant:${access.tenant}`;
  return access.filter === undefined
    ? 'platform'
    : `reach:${JSON.stringify(access.filter)}`;
}

/** Overviews kept per bundle; more scopes than this are computed each time. */
const MAX_SCOPES_KEPT = 1000;

/**
 * `GET /overview`: the plugins' summaries (cached, shared by instances),
 * this plugin's request metrics and the database's figures, computed for
 * the caller's scope. An overview computed from a bundle is kept for every
 * caller with the same scope until the bundle is replaced, so a cached
 * answer costs neither SQL nor computing.
 */
export class OverviewService {
  constructor(
    private readonly options: {
      sources: CachedSources;
      requestMetrics: RequestMetricsReader;
      stores: PlatformHealthStores;
      /** How long the database's figures serve before they are re-read. */
      statsTtlMs?: number;
      now?: () => Date;
    },
  ) {}

  #stats?: { value: DatabaseStats; readAt: number };
  #statsReading?: Promise<DatabaseStats>;

  /**
   * The database server's figures: re-read once they are older than the
   * cache's time, in the background while the previous ones still answer
   * (reading every database's size takes a while on a big server).
   */
  async #databaseStats(): Promise<DatabaseStats> {
    const read = () =>
      (this.#statsReading ??= this.options.stores.databaseStats
        .stats()
        .then(value => {
          this.#stats = { value, readAt: Date.now() };
          return value;
        })
        .finally(() => {
          this.#statsReading = undefined;
        }));
    const known = this.#stats;
    const ttlMs = this.options.statsTtlMs ?? 0;
    if (!known || ttlMs <= 0) return read();
    if (Date.now() - known.readAt >= ttlMs) {
      read().catch(() => undefined);
    }
    return known.value;
  }

  #built = { loadedAt: '', byScope: new Map<string, PlatformOverview>() };

  async overview(access: OverviewAccess): Promise<PlatformOverview> {
    const { bundle, cached } = await this.options.sources.get();
    const key = scopeKeyOf(access);
    if (this.#built.loadedAt !== bundle.loadedAt) {
      this.#built = { loadedAt: bundle.loadedAt, byScope: new Map() };
    }
    const kept = this.#built.byScope.get(key);
    if (kept) return { ...kept, cached: true };

    const { byScope } = this.#built;
    const overview = await this.#compute(access, bundle, cached);
    if (byScope.size < MAX_SCOPES_KEPT) byScope.set(key, overview);
    return overview;
  }

  async #compute(
    access: OverviewAccess,
    bundle: SourceBundle,
    cached: boolean,
  ): Promise<PlatformOverview> {
    const { scope, filter } = scopeOf(access);
    const { requestMetrics } = this.options;
    const [hour, day, database] = await Promise.all([
      requestMetrics.report({ window: '1h', by: 'plugin', filter }),
      requestMetrics.report({ window: '24h', by: 'plugin', filter }),
      scope.platform ? this.#databaseStats() : Promise.resolve(undefined),
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

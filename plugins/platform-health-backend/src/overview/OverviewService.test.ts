import { CachedSources } from './CachedSources';
import { OverviewService } from './OverviewService';
import { PlatformHealthStores } from '../database/stores';
import { RequestMetricsReader } from '../service/RequestMetricsReader';

const emptyReport = {
  totals: { requests: 0, errorRatio: 0, p95Ms: 0 },
};

/**
 * What the overview keeps between requests: the database's figures, read
 * again in the background once older than the cache's time, while every
 * new bundle of sources (here: one per request) is computed afresh.
 */
describe('the overview service', () => {
  let clock = 0;
  beforeEach(() => {
    clock = Date.parse('2026-12-05T10:00:00Z');
    jest.spyOn(Date, 'now').mockImplementation(() => clock);
  });
  afterEach(() => jest.restoreAllMocks());

  function service(statsTtlMs: number) {
    let bundles = 0;
    const sources = {
      get: async () => ({
        bundle: {
          loadedAt: new Date(clock + bundles++).toISOString(),
          summaries: {},
          tasks: [],
          unavailable: [],
        },
        cached: false,
      }),
    } as unknown as CachedSources;
    let size = 1000;
    const stats = jest.fn(async () => ({
      client: 'pg' as const,
      sizeBytes: size++,
    }));
    const overview = new OverviewService({
      sources,
      requestMetrics: {
        report: async () => emptyReport,
      } as unknown as RequestMetricsReader,
      stores: { databaseStats: { stats } } as unknown as PlatformHealthStores,
      statsTtlMs,
    });
    const sizeNow = async () =>
      (await overview.overview({ includes: () => true })).platform_health.db
        ?.size_bytes;
    return { stats, sizeNow };
  }

  it("reuses the database's figures within the cache's time, then answers the old ones while reading new ones", async () => {
    const { stats, sizeNow } = service(45_000);
    expect(await sizeNow()).toBe(1000);
    clock += 44_999;
    expect(await sizeNow()).toBe(1000);
    expect(stats).toHaveBeenCalledTimes(1);
    clock += 1;
    // Stale: answered at once, re-read behind it.
    expect(await sizeNow()).toBe(1000);
    expect(stats).toHaveBeenCalledTimes(2);
    expect(await sizeNow()).toBe(1001);
  });

  it('reads them for every new bundle without a cache time', async () => {
    const { stats, sizeNow } = service(0);
    expect(await sizeNow()).toBe(1000);
    expect(await sizeNow()).toBe(1001);
    expect(stats).toHaveBeenCalledTimes(2);
  });
});

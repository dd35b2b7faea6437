import { mockServices } from '@backstage/backend-test-utils';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { CachedSources } from './CachedSources';
import { SourceBundle } from './sources';

/** Backstage's own memory cache, shared like Redis by the instances. */
const sharedCache = () =>
  CacheManager.fromConfig(
    mockServices.rootConfig({
      data: { backend: { cache: { store: 'memory' } } },
    }),
  ).forPlugin('platform-health');

function loader(now = () => Date.now()) {
  let loads = 0;
  return {
    loads: () => loads,
    load: async (): Promise<SourceBundle> => {
      loads += 1;
      return {
        loadedAt: new Date(now()).toISOString(),
        summaries: {},
        tasks: [],
        unavailable: [],
      };
    },
  };
}

describe('the cached sources of the overview', () => {
  const logger = mockServices.logger.mock();

  it('load once per TTL across instances; each compares only a stamp with its copy', async () => {
    const cache = sharedCache();
    const source = loader();
    const options = { cache, load: source.load, ttlMs: 60_000, logger };
    const a = new CachedSources(options);
    const b = new CachedSources(options);

    const first = await a.get();
    expect(first.cached).toBe(false);
    const read = jest.spyOn(cache, 'get');
    // A again: its own copy, after reading the stamp alone.
    expect(await a.get()).toEqual({ bundle: first.bundle, cached: true });
    expect(read).toHaveBeenCalledTimes(1);
    // B: the bundle A stored, without loading.
    expect(await b.get()).toEqual({ bundle: first.bundle, cached: true });
    expect(source.loads()).toBe(1);
  });

  it('load on every request with a TTL of 0, storing nothing', async () => {
    const cache = sharedCache();
    const source = loader();
    const sources = new CachedSources({
      cache,
      load: source.load,
      ttlMs: 0,
      logger,
    });
    expect((await sources.get()).cached).toBe(false);
    expect((await sources.get()).cached).toBe(false);
    expect(source.loads()).toBe(2);
    expect(await cache.get('platform-overview-sources:v2')).toBeUndefined();
  });

  it('load again when the shared entry is gone (expired or flushed), and the other instance follows', async () => {
    const cache = sharedCache();
    const source = loader();
    const options = { cache, load: source.load, ttlMs: 60_000, logger };
    const a = new CachedSources(options);
    const b = new CachedSources(options);
    const first = await a.get();
    await b.get();
    await cache.delete('platform-overview-sources:v2:loaded-at');
    await cache.delete('platform-overview-sources:v2');

    const second = await b.get();
    expect(second.cached).toBe(false);
    expect(source.loads()).toBe(2);
    // A's copy is no longer the shared one: it takes B's.
    expect(await a.get()).toEqual({ bundle: second.bundle, cached: true });
    expect(second.bundle).not.toBe(first.bundle);
  });
});

import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';
import { SourceBundle } from './sources';

const CACHE_KEY = 'platform-overview-sources:v2';
/** The `loadedAt` of the bundle under CACHE_KEY: a few bytes to compare. */
const STAMP_KEY = `${CACHE_KEY}:loaded-at`;

/**
 * The sources of the overview, read at most once per `ttlMs` across every
 * instance sharing Backstage's cache (Redis in production), and once at a
 * time within an instance: a dashboard opened by many people at once costs
 * one round of plugin calls. The shared cache decides what is current;
 * each instance keeps the last bundle it saw and only compares its stamp
 * with the shared one, so a cached answer does not fetch and parse the
 * whole bundle again. A `ttlMs` of 0 caches nothing (Backstage's cache
 * would keep a value with a TTL of 0 forever).
 */
export class CachedSources {
  #loading?: Promise<SourceBundle>;
  #local?: SourceBundle;

  constructor(
    private readonly options: {
      cache: CacheService;
      load: () => Promise<SourceBundle>;
      ttlMs: number;
      logger: LoggerService;
    },
  ) {}

  /** The cached bundle, or a fresh one; `cached` says which. */
  async get(): Promise<{ bundle: SourceBundle; cached: boolean }> {
    const hit = this.options.ttlMs > 0 ? await this.#shared() : undefined;
    if (hit) return { bundle: hit, cached: true };
    this.#loading ??= this.#loadAndStore().finally(() => {
      this.#loading = undefined;
    });
    return { bundle: await this.#loading, cached: false };
  }

  /** The shared cache's current bundle, from this instance's copy if it is that one. */
  async #shared(): Promise<SourceBundle | undefined> {
    const { cache, logger } = this.options;
    try {
      const stamp = await cache.get<string>(STAMP_KEY);
      if (!stamp) return undefined;
      if (this.#local?.loadedAt === stamp) return this.#local;
      const bundle = (await cache.get<JsonValue>(CACHE_KEY)) as
        | SourceBundle
        | undefined;
      if (bundle?.loadedAt !== stamp) return undefined;
      this.#local = bundle;
      return bundle;
    } catch (error) {
      logger.warn(`Platform overview cache unreadable: ${error}`);
      return undefined;
    }
  }

  async #loadAndStore(): Promise<SourceBundle> {
    const { cache, ttlMs, logger } = this.options;
    const bundle = await this.options.load();
    if (ttlMs <= 0) return bundle;
    this.#local = bundle;
    try {
      // The bundle first: a stamp never names a bundle that is not there.
      await cache.set(CACHE_KEY, bundle as unknown as JsonValue, {
        ttl: ttlMs,
      });
      await cache.set(STAMP_KEY, bundle.loadedAt, { ttl: ttlMs });
    } catch (error) {
      logger.warn(`Platform overview cache unwritable: ${error}`);
    }
    return bundle;
  }
}

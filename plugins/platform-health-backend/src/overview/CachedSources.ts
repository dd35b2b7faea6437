import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';
import { SourceBundle } from './sources';

const CACHE_KEY = 'platform-overview-sources:v1';

/**
 * The sources of the overview, read at most once per `ttlMs` across every
 * instance sharing Backstage's cache (Redis in production), and once at a
 * time within an instance: a dashboard opened by many people at once costs
 * one round of plugin calls.
 */
export class CachedSources {
  #loading?: Promise<SourceBundle>;

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
    const { cache, logger } = this.options;
    try {
      const hit = await cache.get<JsonValue>(CACHE_KEY);
      if (hit) return { bundle: hit as unknown as SourceBundle, cached: true };
    } catch (error) {
      logger.warn(`Platform overview cache unreadable: ${error}`);
    }
    this.#loading ??= this.#loadAndStore().finally(() => {
      this.#loading = undefined;
    });
    return { bundle: await this.#loading, cached: false };
  }

  async #loadAndStore(): Promise<SourceBundle> {
    const bundle = await this.options.load();
    try {
      await this.options.cache.set(CACHE_KEY, bundle as unknown as JsonValue, {
        ttl: this.options.ttlMs,
      });
    } catch (error) {
      this.options.logger.warn(`Platform overview cache unwritable: ${error}`);
    }
    return bundle;
  }
}

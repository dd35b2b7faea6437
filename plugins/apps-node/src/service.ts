import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { requestsDrained } from '@controlplane/backend-common';
import { AppAuth, AppCredentialsService } from './AppAuth';
import { AppCredentialVerifier } from './AppCredentialVerifier';
import {
  MemoryRateLimiter,
  RateLimit,
  RateLimiter,
  RedisRateLimiter,
} from './RateLimiter';
import { UsageRecorder } from './UsageRecorder';

const DEFAULT_RATE_LIMIT: RateLimit = { limitPerMinute: 600, burst: 100 };

/** `apps.rateLimits.default`, checked. */
export function readDefaultRateLimit(config: Config): RateLimit {
  const limit = config.getOptionalConfig('apps.rateLimits.default');
  if (!limit) return DEFAULT_RATE_LIMIT;
  const read = (key: 'limitPerMinute' | 'burst') => {
    const value = limit.getNumber(key);
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(
        `apps.rateLimits.default.${key} must be a whole number of at least 1`,
      );
    }
    return value;
  };
  return { limitPerMinute: read('limitPerMinute'), burst: read('burst') };
}

/** The Redis URL when the backend's cache is Redis (`backend.cache`). */
export function readRedisUrl(config: Config): string | undefined {
  if (config.getOptionalString('backend.cache.store') !== 'redis') {
    return undefined;
  }
  const connection = config.getOptionalString('backend.cache.connection');
  if (!connection) {
    throw new Error(
      'backend.cache.store is redis but backend.cache.connection is not set',
    );
  }
  return connection;
}

/**
 * Lets a backend plugin accept app credentials; one instance per plugin.
 * Add it to the plugin's deps and use `accept(...)` on the routes apps call.
 */
export const appCredentialsServiceRef = createServiceRef<AppCredentialsService>(
  {
    id: 'controlplane.apps.credentials',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.logger,
          discovery: coreServices.discovery,
          auth: coreServices.auth,
          httpAuth: coreServices.httpAuth,
          lifecycle: coreServices.lifecycle,
          rootLifecycle: coreServices.rootLifecycle,
        },
        factory({
          config,
          logger,
          discovery,
          auth,
          httpAuth,
          lifecycle,
          rootLifecycle,
        }) {
          const appsLogger = logger.child({ component: 'app-credentials' });
          const verifier = AppCredentialVerifier.fromConfig(config, {
            discovery,
            auth,
            logger: appsLogger,
          });
          const redisUrl = readRedisUrl(config);
          const limiter: RateLimiter = redisUrl
            ? new RedisRateLimiter({ url: redisUrl, logger: appsLogger })
            : new MemoryRateLimiter();
          const usage = new UsageRecorder({
            discovery,
            auth,
            logger: appsLogger,
          });
          const flushInterval =
            config.getOptionalNumber('apps.verifier.usageFlushIntervalMs') ??
            10_000;
          if (!(flushInterval > 0)) {
            throw new Error(
              'apps.verifier.usageFlushIntervalMs must be a positive number',
            );
          }
          const flushTimer = setInterval(() => {
            usage.flush();
          }, flushInterval);
          flushTimer.unref?.();

          // On shutdown, once the requests in flight have finished and
          // while every plugin (the apps plugin too) still answers.
          rootLifecycle.addBeforeShutdownHook(async () => {
            await requestsDrained(rootLifecycle);
            await usage.flush();
          });
          lifecycle.addShutdownHook(async () => {
            clearInterval(flushTimer);
            verifier.stop();
            await usage.flush();
            await limiter.close();
          });

          return new AppAuth({
            verifier,
            limiter,
            usage,
            httpAuth,
            defaultRateLimit: readDefaultRateLimit(config),
          });
        },
      }),
  },
);

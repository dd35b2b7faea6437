import {
  createAuthIntegrationRouter,
  createCookieAuthRefreshMiddleware,
  createCredentialsBarrier,
  createLifecycleMiddleware,
  createRateLimitMiddleware,
} from '@backstage/backend-defaults/httpRouter';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import Router from 'express-promise-router';
import { databaseUnavailableErrorHandler } from './databaseUnavailable';
import { requestMetricsServiceRef } from './requestMetrics';

/**
 * Backstage's plugin HTTP router (the same middleware, in the same order,
 * from `@backstage/backend-defaults/httpRouter`) with two additions: every
 * request is counted in the instance's request metrics
 * ({@link requestMetricsServiceRef}), and before the plugin's error
 * middleware renders an error, a database outage becomes a 503 with
 * `Retry-After` ({@link databaseUnavailableErrorHandler}) instead of a 500. Errors are rendered inside each plugin's router, so a
 * handler at the root would never see them. Add it to the backend to
 * replace the default.
 */
export const portalHttpRouterServiceFactory = createServiceFactory({
  service: coreServices.httpRouter,
  deps: {
    plugin: coreServices.pluginMetadata,
    config: coreServices.rootConfig,
    lifecycle: coreServices.lifecycle,
    rootHttpRouter: coreServices.rootHttpRouter,
    auth: coreServices.auth,
    httpAuth: coreServices.httpAuth,
    logger: coreServices.logger,
    requestMetrics: requestMetricsServiceRef,
  },
  async factory({
    auth,
    httpAuth,
    config,
    plugin,
    rootHttpRouter,
    lifecycle,
    logger,
    requestMetrics,
  }) {
    const router = Router();
    // Every request of the plugin, refused ones included, in the metrics
    // (unless turned off: the overhead benchmark's baseline).
    if (config.getOptionalBoolean('portal.requestMetrics.enabled') !== false) {
      router.use(requestMetrics.middleware(plugin.getId()));
    }
    router.use(createRateLimitMiddleware({ pluginId: plugin.getId(), config }));
    rootHttpRouter.use(`/api/${plugin.getId()}`, router);
    const credentialsBarrier = createCredentialsBarrier({ httpAuth, config });
    router.use(createAuthIntegrationRouter({ auth }));
    router.use(createLifecycleMiddleware({ config, lifecycle }));
    router.use(credentialsBarrier.middleware);
    router.use(createCookieAuthRefreshMiddleware({ auth, httpAuth }));
    const pluginRoutes = Router();
    router.use(pluginRoutes);
    router.use(databaseUnavailableErrorHandler(logger));
    router.use(MiddlewareFactory.create({ config, logger }).error());
    return {
      use(handler) {
        pluginRoutes.use(handler);
      },
      addAuthPolicy(policy) {
        credentialsBarrier.addAuthPolicy(policy);
      },
    };
  },
});

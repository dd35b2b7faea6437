import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  createTenantResourceRef,
  domainPluginDeps,
  registerTenantPermissions,
  requestMetricsServiceRef,
} from '@controlplane/backend-common';
import {
  platformHealthPermissionDescriptions,
  platformHealthPermissions,
  platformHealthTenantResourceType,
} from '@controlplane/plugin-platform-health-common';
import { connectPlatformHealthStores } from './database/stores';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { CachedSources } from './overview/CachedSources';
import { PlatformChecks } from './overview/PlatformChecks';
import { OverviewService } from './overview/OverviewService';
import { PlatformSources } from './overview/sources';
import { MetricsFlusher } from './service/MetricsFlusher';
import { RequestMetricsReader } from './service/RequestMetricsReader';
import { createRouter } from './service/router';

/** A tenant as the permission resource of the dashboard's figures. */
export const platformHealthTenantResourceRef = createTenantResourceRef(
  'platform-health',
  platformHealthTenantResourceType,
);

/**
 * The platform-health backend: request metrics of every plugin, added up
 * over instances, under `/api/platform-health` (src/schema/openapi.yaml).
 */
export const platformHealthPlugin = createBackendPlugin({
  pluginId: 'platform-health',
  register(env) {
    env.registerInit({
      deps: {
        ...domainPluginDeps,
        lifecycle: coreServices.lifecycle,
        cache: coreServices.cache,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        instanceMetadata: coreServices.rootInstanceMetadata,
        events: eventsServiceRef,
        scheduler: coreServices.scheduler,
        requestMetrics: requestMetricsServiceRef,
      },
      async init(deps) {
        const { config, logger, lifecycle } = deps;
        const stores = await connectPlatformHealthStores(deps.database);

        const flusher = new MetricsFlusher({
          metrics: deps.requestMetrics,
          stores,
          logger,
        });
        const flushSeconds =
          config.getOptionalNumber(
            'platformHealth.requestMetrics.flushSeconds',
          ) ?? 20;
        if (!(flushSeconds > 0)) {
          throw new Error(
            'platformHealth.requestMetrics.flushSeconds must be a positive number',
          );
        }
        const timer = setInterval(() => flusher.flush(), flushSeconds * 1000);
        timer.unref();
        lifecycle.addShutdownHook(async () => {
          clearInterval(timer);
          await flusher.flush();
        });

        const retentionHours =
          config.getOptionalNumber(
            'platformHealth.requestMetrics.retentionHours',
          ) ?? 48;
        if (!Number.isInteger(retentionHours) || retentionHours < 1) {
          throw new Error(
            'platformHealth.requestMetrics.retentionHours must be a positive whole number',
          );
        }
        await deps.scheduler.scheduleTask({
          id: 'platform-health-request-metrics-purge',
          frequency: { hours: 1 },
          timeout: { minutes: 10 },
          initialDelay: { minutes: 5 },
          fn: async () => {
            const before = new Date(
              Date.now() - retentionHours * 3_600_000,
            ).toISOString();
            const purged = await stores.requestMetrics.purge(before);
            if (purged > 0) {
              logger.info(
                `Purged ${purged} request metric rows before ${before}`,
              );
            }
          },
        });

        const authorizer = registerTenantPermissions({
          resourceRef: platformHealthTenantResourceRef,
          permissionsRegistry: deps.permissionsRegistry,
          permissions: deps.permissions,
          httpRouter: deps.httpRouter,
          pluginPermissions: platformHealthPermissions,
          descriptions: platformHealthPermissionDescriptions,
        });

        const requestMetrics = new RequestMetricsReader({ stores });
        const cacheSeconds =
          config.getOptionalNumber('platformHealth.overview.cacheSeconds') ??
          45;
        const sources = new PlatformSources({
          discovery: deps.discovery,
          auth: deps.auth,
          logger,
          instanceMetadata: deps.instanceMetadata,
        });
        // Failing scheduled tasks and unreachable plugins become incident
        // tickets (through events), checked once across instances.
        const checks = new PlatformChecks({
          load: () => sources.load(),
          events: deps.events,
          logger,
        });
        await deps.scheduler.scheduleTask({
          id: 'platform-health-checks',
          frequency: { minutes: 5 },
          timeout: { minutes: 2 },
          initialDelay: { minutes: 2 },
          fn: async () => {
            await checks.run();
          },
        });

        const overview = new OverviewService({
          sources: new CachedSources({
            cache: deps.cache,
            load: () => sources.load(),
            ttlMs: cacheSeconds * 1000,
            logger,
          }),
          requestMetrics,
          stores,
        });

        deps.httpRouter.use(
          createRouter({
            requestMetrics,
            overview,
            authorizer,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
          }),
        );
      },
    });
  },
});

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
import { BillingUsage } from './service/BillingUsage';
import { ExecutiveMetrics } from './service/ExecutiveMetrics';
import { MetricsFlusher } from './service/MetricsFlusher';
import { rollUpRequestMetrics } from './service/rollUp';
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

        const positive = (key: string, fallback: number) => {
          const value = config.getOptionalNumber(key) ?? fallback;
          if (!Number.isInteger(value) || value < 1) {
            throw new Error(`${key} must be a positive whole number`);
          }
          return value;
        };
        const retentionHours = positive(
          'platformHealth.requestMetrics.retentionHours',
          48,
        );
        const hourlyRetentionDays = positive(
          'platformHealth.requestMetrics.hourlyRetentionDays',
          90,
        );
        // Once across instances: finished hours into the hourly table, then
        // the minutes and hours past their retention out.
        await deps.scheduler.scheduleTask({
          id: 'platform-health-request-metrics-rollup',
          frequency: { minutes: 15 },
          timeout: { minutes: 10 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const rolled = await rollUpRequestMetrics(stores, {
              now: new Date(),
              retentionHours,
              hourlyRetentionDays,
            });
            logger.debug(`Request metrics rollup: ${JSON.stringify(rolled)}`);
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
        const executive = new ExecutiveMetrics({
          stores,
          usage: new BillingUsage({
            discovery: deps.discovery,
            auth: deps.auth,
            logger,
            instanceMetadata: deps.instanceMetadata,
          }),
        });
        const cacheSeconds =
          config.getOptionalNumber('platformHealth.overview.cacheSeconds') ??
          45;
        if (!(cacheSeconds >= 0)) {
          throw new Error(
            'platformHealth.overview.cacheSeconds must be 0 (no cache) or more',
          );
        }
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
          statsTtlMs: cacheSeconds * 1000,
        });

        deps.httpRouter.use(
          createRouter({
            requestMetrics,
            overview,
            executive,
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

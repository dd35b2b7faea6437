import { randomBytes } from 'node:crypto';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  createTenantResourceRef,
  domainPluginDeps,
  registerTenantPermissions,
  TenantMirror,
} from '@controlplane/backend-common';
import { appCredentialsServiceRef } from '@controlplane/plugin-apps-node';
import {
  FLAGS_EVENT_TOPIC,
  FlagsEventPayload,
  flagsPermissionDescriptions,
  flagsPermissions,
  flagsTenantResourceType,
} from '@controlplane/plugin-flags-common';
import { readFlagsConfig } from './config';
import { connectFlagsStores } from './database/stores';
import { ChangeStream } from './service/ChangeStream';
import { EvaluationMetrics } from './service/EvaluationMetrics';
import { FlagConfigCache } from './service/FlagConfigCache';
import { FlagHistory } from './service/FlagHistory';
import { FlagsService } from './service/FlagsService';
import { SchedulesService } from './service/SchedulesService';
import { flagsTenantStore } from './service/flagsTenantStore';
import { APP_PATHS, createRouter } from './service/router';
import { seedInitialFlags } from './service/initialFlags';
import { auditScheduledChange } from './service/scheduledAudit';

/** A tenant as a permission resource: its resourceRef is the tenant name. */
export const flagsTenantResourceRef = createTenantResourceRef(
  'flags',
  flagsTenantResourceType,
);

/**
 * The flags backend: flag definitions and values, their evaluation for
 * managed apps (REST with ETags, a change stream, OFREP), scheduled changes
 * and evaluation metrics, under `/api/flags` (src/schema/openapi.yaml).
 */
export const flagsPlugin = createBackendPlugin({
  pluginId: 'flags',
  register(env) {
    env.registerInit({
      deps: {
        ...domainPluginDeps,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        rootLifecycle: coreServices.rootLifecycle,
        events: eventsServiceRef,
        appCredentials: appCredentialsServiceRef,
      },
      async init(deps) {
        const { logger, events, scheduler } = deps;
        const config = readFlagsConfig(deps.config);
        const stores = await connectFlagsStores(deps.database);

        const publish = (payload: FlagsEventPayload) =>
          events.publish({
            topic: FLAGS_EVENT_TOPIC,
            eventPayload: payload as never,
          });
        const cache = new FlagConfigCache({
          stores,
          logger,
          pollIntervalMs: config.snapshotPollMs,
        });
        const flags = new FlagsService({
          stores,
          staleAfterDays: config.staleAfterDays,
          onChange: async notice => {
            await cache.refresh();
            await publish({ type: 'flags.changed', ...notice });
          },
        });
        const schedules = new SchedulesService({ stores, flags });
        // A tenant's plan decides its plan layer: a change reloads at once.
        const tenants = new TenantMirror({
          store: flagsTenantStore({
            stores,
            onChange: async (changed, revision) => {
              await cache.refresh();
              await publish({
                type: 'flags.changed',
                tenants: changed,
                revision,
              });
            },
          }),
          discovery: deps.discovery,
          auth: deps.auth,
          logger,
        });
        const metrics = new EvaluationMetrics({
          stores,
          logger,
          flushIntervalMs: config.metricsFlushMs,
        });
        const stream = new ChangeStream(cache, {
          heartbeatMs: config.streamHeartbeatMs,
          maxPerHolder: config.maxStreamsPerApp,
        });

        const tenantAuthorizer = registerTenantPermissions({
          resourceRef: flagsTenantResourceRef,
          permissionsRegistry: deps.permissionsRegistry,
          permissions: deps.permissions,
          httpRouter: deps.httpRouter,
          pluginPermissions: flagsPermissions,
          descriptions: flagsPermissionDescriptions,
        });

        await tenants.follow({
          pluginId: 'flags',
          events,
          scheduler,
          syncMinutes: config.tenantSyncMinutes,
        });
        // Flag changes: every instance (its own subscriber id, as Backstage's
        // signals do) reloads at once and tells its connected apps.
        await events.subscribe({
          id: `flags-stream-${randomBytes(6).toString('hex')}`,
          topics: [FLAGS_EVENT_TOPIC],
          onEvent: async () => {
            await cache.refresh();
          },
        });

        const audit = new FlagHistory({
          discovery: deps.discovery,
          auth: deps.auth,
        });
        const auditScheduled = auditScheduledChange(deps.auditor);
        await scheduler.scheduleTask({
          id: 'flags-scheduled-changes',
          frequency: { seconds: config.scheduleTickSeconds },
          timeout: { minutes: 1 },
          fn: async () => {
            await schedules.runDue(auditScheduled);
          },
        });

        await seedInitialFlags({
          flags,
          config: deps.config,
          logger,
          auditor: deps.auditor,
        });
        cache.start();
        metrics.start();
        deps.lifecycle.addShutdownHook(async () => {
          cache.stop();
          await metrics.stop();
        });
        // Open streams would hold the request drain until its timeout:
        // close them first, the apps reconnect to another instance.
        deps.rootLifecycle.addBeforeShutdownHook(() => stream.closeAll());

        for (const path of APP_PATHS) {
          deps.httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
        }
        deps.httpRouter.use(
          createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            appCredentials: deps.appCredentials,
            tenantAuthorizer,
            stores,
            flags,
            schedules,
            history: audit,
            cache,
            stream,
            metrics,
            defaultEnvironment: config.defaultEnvironment,
            maxAgeSeconds: config.clientMaxAgeSeconds,
          }),
        );
      },
    });
  },
});

import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  appsPermissionDescriptions,
  appsPermissions,
} from '@controlplane/plugin-apps-common';
import { readSecretHashKey } from '@controlplane/plugin-apps-node';
import {
  domainPluginDeps,
  portalNotifierServiceRef,
  registerResourcePermissions,
} from '@controlplane/backend-common';
import {
  TENANTS_EVENT_TOPIC,
  TenantsEventPayload,
} from '@controlplane/plugin-tenants-common';
import { connectAppsStores } from './database/stores';
import { appResourceRef } from './permissions/appResourceRef';
import { appRules } from './permissions/appRules';
import { readCredentialConsumers } from './service/credentialConsumers';
import { seedInitialApps } from './service/initialApps';
import { createRouter } from './service/router';
import { createAppsServices } from './service/services';
import { readAlarmThresholds } from './service/CredentialAlarms';
import {
  CredentialExpiryNotices,
  readCredentialExpiryConfig,
} from './service/CredentialExpiryNotices';
import { fetchBlockedTenants } from './service/tenantStatusSource';

/**
 * The apps backend: managed applications, their credentials (issue, rotate
 * with grace, revoke), rate limits, usage per credential, and the
 * credential snapshot the verifiers of every plugin read.
 */
export const appsPlugin = createBackendPlugin({
  pluginId: 'apps',
  register(env) {
    env.registerInit({
      deps: {
        ...domainPluginDeps,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
        events: eventsServiceRef,
        notifier: portalNotifierServiceRef,
      },
      async init(deps) {
        const { config, logger, httpRouter, auditor, events } = deps;
        const stores = await connectAppsStores(deps.database);
        const services = createAppsServices({
          stores,
          events,
          logger,
          secretHashKey: readSecretHashKey(config),
          alarmThresholds: readAlarmThresholds(config),
        });

        await seedInitialApps(services.apps, config, logger, auditor);

        const authorizer = registerResourcePermissions({
          permissionsRegistry: deps.permissionsRegistry,
          permissions: deps.permissions,
          httpRouter,
          resourceRef: appResourceRef,
          pluginPermissions: appsPermissions,
          descriptions: appsPermissionDescriptions,
          rules: appRules,
          getResources: async ids =>
            Promise.all(
              ids.map(id => services.apps.getApp(id).catch(() => undefined)),
            ),
        });

        // A suspended or offboarded tenant leaves every snapshot within
        // one verifier refresh.
        await events.subscribe({
          id: 'apps-tenant-status',
          topics: [TENANTS_EVENT_TOPIC],
          onEvent: async params => {
            const payload = params.eventPayload as TenantsEventPayload;
            if (await services.snapshot.onTenantEvent(payload)) {
              logger.info(
                `Tenant ${payload.tenant}: ${payload.type}, credential snapshot updated`,
              );
            }
          },
        });

        // Events missed while this plugin was down: reconcile with the
        // tenants plugin's list of suspended and offboarded tenants.
        await deps.scheduler.scheduleTask({
          id: 'apps-sync-blocked-tenants',
          frequency: { minutes: 5 },
          timeout: { minutes: 1 },
          initialDelay: { seconds: 30 },
          fn: async () => {
            const readAt = new Date();
            try {
              const listed = await fetchBlockedTenants(deps);
              if (
                listed &&
                (await services.snapshot.syncBlockedTenants(listed, readAt))
              ) {
                logger.info(
                  'Blocked tenants reconciled with the tenants plugin',
                );
              }
            } catch (error) {
              logger.warn(`Could not read the tenants' statuses: ${error}`);
            }
          },
        });

        // API keys expiring soon: their apps' owners are told once per key
        // and expiry (one instance runs the check; the notice's record
        // keeps a restart or a second instance from telling again).
        const expiry = readCredentialExpiryConfig(config);
        const expiryNotices = new CredentialExpiryNotices({
          stores,
          notifier: deps.notifier,
          days: expiry.days,
        });
        await deps.scheduler.scheduleTask({
          id: 'apps-credential-expiry-notices',
          ...expiry.schedule,
          fn: async () => {
            const sent = await expiryNotices.run();
            if (sent > 0) {
              logger.info(`Told the owners of ${sent} expiring API keys`);
            }
          },
        });

        httpRouter.use(
          createRouter({
            services,
            authorizer,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor,
            credentialConsumers: readCredentialConsumers(config),
            userInfo: deps.userInfo,
          }),
        );
      },
    });
  },
});

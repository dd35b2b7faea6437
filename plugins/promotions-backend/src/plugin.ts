import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  ColumnFilter,
  createNotRequesterRule,
  createTenantRule,
  domainPluginDeps,
  portalNotifierServiceRef,
  registerResourcePermissions,
} from '@controlplane/backend-common';
import { appCredentialsServiceRef } from '@controlplane/plugin-apps-node';
import {
  INCIDENTS_EVENT_TOPIC,
  IncidentSignal,
  PROMOTIONS_EVENT_TOPIC,
  promotionRequestResourceType,
  promotionsPermissionDescriptions,
  promotionsPermissions,
} from '@controlplane/plugin-promotions-common';
import { readPromotionsConfig } from './config';
import { connectPromotionsStores } from './database/stores';
import { Announcer } from './service/Announcer';
import { DeploymentsService } from './service/DeploymentsService';
import { GovernanceService } from './service/GovernanceService';
import { MaintenanceWindows } from './service/MaintenanceWindows';
import { RequestsService } from './service/RequestsService';
import { APP_PATHS, createRouter } from './service/router';
import { RequestResource } from './service/routes/types';

/**
 * A promotion request as a permission resource: its resourceRef is the
 * request id; the tenant rule filters by tenant, the not-requester rule
 * (added by the RBAC policy to approve and reject) by who asked.
 */
export const promotionRequestResourceRef = createPermissionResourceRef<
  RequestResource,
  ColumnFilter
>().with({
  pluginId: 'promotions',
  resourceType: promotionRequestResourceType,
});

/**
 * The promotions backend: the deployment state, promotion requests with
 * approvals, rules, freezes, drift and rollbacks, under `/api/promotions`
 * (src/schema/openapi.yaml).
 */
export const promotionsPlugin = createBackendPlugin({
  pluginId: 'promotions',
  register(env) {
    env.registerInit({
      deps: {
        ...domainPluginDeps,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        scheduler: coreServices.scheduler,
        events: eventsServiceRef,
        notifier: portalNotifierServiceRef,
        appCredentials: appCredentialsServiceRef,
      },
      async init(deps) {
        const { logger, events } = deps;
        const config = readPromotionsConfig(deps.config);
        const stores = await connectPromotionsStores(deps.database);
        const announcer = new Announcer({
          logger,
          publish: async payload => {
            await events.publish({
              topic: PROMOTIONS_EVENT_TOPIC,
              eventPayload: payload as never,
            });
          },
          notifier: deps.notifier,
        });
        const governance = new GovernanceService({
          stores,
          config,
          maintenance: new MaintenanceWindows({
            discovery: deps.discovery,
            auth: deps.auth,
            logger,
          }),
        });
        const deployments = new DeploymentsService({
          stores,
          config,
          announcer,
        });
        const requests = new RequestsService({
          stores,
          governance,
          announcer,
          defaultApproversRef: config.defaultApproversRef,
        });

        const authorizer = registerResourcePermissions({
          permissionsRegistry: deps.permissionsRegistry,
          permissions: deps.permissions,
          httpRouter: deps.httpRouter,
          resourceRef: promotionRequestResourceRef,
          pluginPermissions: promotionsPermissions,
          descriptions: promotionsPermissionDescriptions,
          rules: [
            createTenantRule({
              resourceRef: promotionRequestResourceRef,
              column: 'tenant',
              getTenant: resource => resource.tenant,
            }),
            createNotRequesterRule({
              resourceRef: promotionRequestResourceRef,
              column: 'requested_by',
              getRequester: resource => resource.requestedBy,
            }),
          ],
          getResources: async ids =>
            Promise.all(ids.map(id => requests.get(id))),
        });

        await governance.seedPolicies();
        const seeded = await deployments.seedInitial();
        if (seeded) logger.info(`Wrote ${seeded} initial deployments`);

        // One instance takes each incident event: an open SEV1/SEV2 freezes
        // promotions of its agents and apps into production.
        await events.subscribe({
          id: 'promotions-incidents',
          topics: [INCIDENTS_EVENT_TOPIC],
          onEvent: async params => {
            const changed = await governance.onIncident(
              params.eventPayload as unknown as IncidentSignal,
            );
            if (changed) await requests.applyReleased();
          },
        });
        // Expiry, approved requests a freeze no longer holds, and drift
        // (silence shows only with time): one instance at a time.
        await deps.scheduler.scheduleTask({
          id: 'promotions-housekeeping',
          frequency: { seconds: config.checkIntervalSeconds },
          timeout: { minutes: 2 },
          initialDelay: { seconds: 10 },
          fn: async () => {
            await requests.expireDue();
            await requests.applyReleased();
            await deployments.announcePendingDrift();
          },
        });

        for (const path of APP_PATHS) {
          deps.httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
        }
        deps.httpRouter.use(
          createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            userInfo: deps.userInfo,
            appCredentials: deps.appCredentials,
            authorizer,
            requests,
            deployments,
            governance,
          }),
        );
      },
    });
  },
});

import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  createTenantResourceRef,
  domainPluginDeps,
  portalNotifierServiceRef,
  registerTenantPermissions,
  TenantMirror,
} from '@controlplane/backend-common';
import { appCredentialsServiceRef } from '@controlplane/plugin-apps-node';
import {
  BILLING_EVENT_TOPIC,
  billingPermissionDescriptions,
  billingPermissions,
  billingTenantResourceType,
} from '@controlplane/plugin-billing-common';
import { readBillingConfig } from './config';
import { connectBillingStores } from './database/stores';
import { AccountsService } from './service/AccountsService';
import { BudgetAlerts } from './service/BudgetAlerts';
import { ExportService } from './service/ExportService';
import { IngestionService } from './service/IngestionService';
import { PeriodService } from './service/PeriodService';
import { PlatformSummaryService } from './service/PlatformSummaryService';
import { UsageService } from './service/UsageService';
import { createRouter } from './service/router';

/** A tenant as a permission resource: its resourceRef is the tenant name. */
export const billingTenantResourceRef = createTenantResourceRef(
  'billing',
  billingTenantResourceType,
);

/**
 * The billing backend: exactly-once usage ingestion, export for invoicing,
 * usage and costs, periods, quotas, budgets and adjustments, under
 * `/api/billing` (src/schema/openapi.yaml).
 */
export const billingPlugin = createBackendPlugin({
  pluginId: 'billing',
  register(env) {
    env.registerInit({
      deps: {
        ...domainPluginDeps,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        scheduler: coreServices.scheduler,
        events: eventsServiceRef,
        notifier: portalNotifierServiceRef,
        appCredentials: appCredentialsServiceRef,
      },
      async init(deps) {
        const { logger, events } = deps;
        const config = readBillingConfig(deps.config);
        const stores = await connectBillingStores(deps.database);
        const usage = new UsageService({ stores, config });
        const accounts = new AccountsService({ stores, config, usage });
        const alerts = new BudgetAlerts({
          stores,
          config,
          accounts,
          logger,
          publish: async payload => {
            await events.publish({
              topic: BILLING_EVENT_TOPIC,
              eventPayload: payload as never,
            });
          },
          notifier: deps.notifier,
        });
        const tenants = new TenantMirror({
          store: stores.tenants,
          discovery: deps.discovery,
          auth: deps.auth,
          logger,
        });
        const periods = new PeriodService({ stores, config, logger });

        const tenantAuthorizer = registerTenantPermissions({
          resourceRef: billingTenantResourceRef,
          permissionsRegistry: deps.permissionsRegistry,
          permissions: deps.permissions,
          httpRouter: deps.httpRouter,
          pluginPermissions: billingPermissions,
          descriptions: billingPermissionDescriptions,
        });

        await tenants.follow({
          pluginId: 'billing',
          events,
          scheduler: deps.scheduler,
          syncMinutes: 10,
        });
        await deps.scheduler.scheduleTask({
          id: 'billing-close-periods',
          frequency: { minutes: config.closeCheckMinutes },
          timeout: { minutes: 10 },
          fn: async () => {
            await periods.closeDue();
          },
        });

        // Apps authenticate themselves on these paths (see the router).
        deps.httpRouter.addAuthPolicy({
          path: '/events',
          allow: 'unauthenticated',
        });
        deps.httpRouter.addAuthPolicy({
          path: '/export',
          allow: 'unauthenticated',
        });
        deps.httpRouter.use(
          createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            appCredentials: deps.appCredentials,
            tenantAuthorizer,
            stores,
            config,
            usage,
            accounts,
            alerts,
            platformSummary: new PlatformSummaryService({
              stores,
              config,
              usage,
            }),
            ingestion: new IngestionService({
              stores,
              maxFutureSeconds: config.maxFutureSeconds,
            }),
            exports: new ExportService({
              stores,
              settleSeconds: config.exportSettleSeconds,
            }),
          }),
        );
      },
    });
  },
});

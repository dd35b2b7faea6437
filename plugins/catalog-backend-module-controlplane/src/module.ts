import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { PROMOTIONS_EVENT_TOPIC } from '@controlplane/plugin-promotions-common';
import { PluginEntityProvider } from './PluginEntityProvider';
import { ControlPlaneEntitiesProcessor } from './ControlPlaneEntitiesProcessor';
import { catalogTenantRule } from './tenantRule';

/**
 * Teaches the catalog the Agent, App, Deployment and Tenant kinds, and the
 * RBAC tenant rule so tenant-scoped role members see their tenant's entities;
 * brings the apps registered in the apps plugin in as App entities, and the
 * deployment state of the promotions plugin as Deployment entities (within
 * seconds of a promotion: on its event, besides the schedule).
 */
export const catalogModuleControlPlane = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'controlplane',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        permissionsRegistry: coreServices.permissionsRegistry,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        events: eventsServiceRef,
      },
      async init({
        catalog,
        permissionsRegistry,
        config,
        discovery,
        auth,
        logger,
        scheduler,
        events,
      }) {
        catalog.addProcessor(new ControlPlaneEntitiesProcessor());
        permissionsRegistry.addPermissionRules([catalogTenantRule]);
        const providerOf = (pluginId: string, entitiesName: string) => {
          const key = `catalog.providers.controlplane${
            pluginId[0].toUpperCase() + pluginId.slice(1)
          }.schedule`;
          const schedule = config.has(key)
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                config.getConfig(key),
              )
            : { frequency: { seconds: 15 }, timeout: { seconds: 30 } };
          const provider = new PluginEntityProvider({
            pluginId,
            entitiesName,
            discovery,
            auth,
            logger,
            taskRunner: scheduler.createScheduledTaskRunner(schedule),
          });
          catalog.addEntityProvider(provider);
          return provider;
        };
        providerOf('apps', 'App entities');
        const deployments = providerOf('promotions', 'Deployment entities');
        // An applied promotion, a new version in development or a new drift
        // shows in the catalog at once.
        await events.subscribe({
          id: 'catalog-controlplane-deployments',
          topics: [PROMOTIONS_EVENT_TOPIC],
          onEvent: async ({ eventPayload }) => {
            const { type } = eventPayload as { type?: string };
            if (
              type === 'promotion.applied' ||
              type === 'deployment.recorded' ||
              type === 'deployment.drifted'
            ) {
              await deployments.refresh();
            }
          },
        });
      },
    });
  },
});

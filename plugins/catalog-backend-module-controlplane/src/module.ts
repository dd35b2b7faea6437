import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { AppsEntityProvider } from './AppsEntityProvider';
import { ControlPlaneEntitiesProcessor } from './ControlPlaneEntitiesProcessor';
import { catalogTenantRule } from './tenantRule';

/**
 * Teaches the catalog the Agent, App, Deployment and Tenant kinds, and the
 * RBAC tenant rule so tenant-scoped role members see their tenant's entities;
 * brings the apps registered in the apps plugin in as App entities.
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
      },
      async init({
        catalog,
        permissionsRegistry,
        config,
        discovery,
        auth,
        logger,
        scheduler,
      }) {
        catalog.addProcessor(new ControlPlaneEntitiesProcessor());
        permissionsRegistry.addPermissionRules([catalogTenantRule]);
        const schedule = config.has(
          'catalog.providers.controlplaneApps.schedule',
        )
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              config.getConfig('catalog.providers.controlplaneApps.schedule'),
            )
          : { frequency: { seconds: 15 }, timeout: { seconds: 30 } };
        catalog.addEntityProvider(
          new AppsEntityProvider({
            discovery,
            auth,
            logger,
            taskRunner: scheduler.createScheduledTaskRunner(schedule),
          }),
        );
      },
    });
  },
});

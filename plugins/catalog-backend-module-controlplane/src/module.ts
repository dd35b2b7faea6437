import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { ControlPlaneEntitiesProcessor } from './ControlPlaneEntitiesProcessor';
import { catalogTenantRule } from './tenantRule';

/**
 * Teaches the catalog the Agent, App, Deployment and Tenant kinds, and the
 * RBAC tenant rule so tenant-scoped role members see their tenant's entities.
 */
export const catalogModuleControlPlane = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'controlplane',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({ catalog, permissionsRegistry }) {
        catalog.addProcessor(new ControlPlaneEntitiesProcessor());
        permissionsRegistry.addPermissionRules([catalogTenantRule]);
      },
    });
  },
});

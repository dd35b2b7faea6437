import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { ControlPlaneEntitiesProcessor } from './ControlPlaneEntitiesProcessor';

/** Teaches the catalog the Agent, App, Deployment and Tenant kinds. */
export const catalogModuleControlPlane = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'controlplane',
  register(reg) {
    reg.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addProcessor(new ControlPlaneEntitiesProcessor());
      },
    });
  },
});

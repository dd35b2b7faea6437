import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  CatalogFilterBlueprint,
  EntityCardBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  RELATION_HAS_DEPLOYMENT,
  RELATION_SERVED_BY,
} from '@controlplane/plugin-catalog-controlplane-common';

const deploymentsOfTarget = EntityCardBlueprint.make({
  name: 'deployments',
  params: {
    filter: { kind: { $in: ['agent', 'app'] } },
    loader: async () => {
      const { DeploymentsCard } = await import('./components/DeploymentsCard');
      return <DeploymentsCard relationType={RELATION_HAS_DEPLOYMENT} />;
    },
  },
});

const deploymentsOfTenant = EntityCardBlueprint.make({
  name: 'tenant-deployments',
  params: {
    filter: { kind: 'tenant' },
    loader: async () => {
      const { DeploymentsCard } = await import('./components/DeploymentsCard');
      return <DeploymentsCard relationType={RELATION_SERVED_BY} />;
    },
  },
});

const deploymentDetails = EntityCardBlueprint.make({
  name: 'deployment-details',
  params: {
    filter: { kind: 'deployment' },
    type: 'info',
    loader: async () => {
      const { DeploymentDetailsCard } = await import(
        './components/DeploymentDetailsCard'
      );
      return <DeploymentDetailsCard />;
    },
  },
});

const environmentFilter = CatalogFilterBlueprint.make({
  name: 'environment',
  params: {
    loader: async () => {
      const { EnvironmentPicker } = await import('./components/filters');
      return <EnvironmentPicker />;
    },
  },
});

const tenantFilter = CatalogFilterBlueprint.make({
  name: 'tenant',
  params: {
    loader: async () => {
      const { TenantPicker } = await import('./components/filters');
      return <TenantPicker />;
    },
  },
});

/** Control-plane additions to the catalog pages. */
export const catalogModuleControlPlane = createFrontendModule({
  pluginId: 'catalog',
  extensions: [
    deploymentsOfTarget,
    deploymentsOfTenant,
    deploymentDetails,
    environmentFilter,
    tenantFilter,
  ],
});

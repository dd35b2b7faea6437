import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  CatalogFilterBlueprint,
  EntityCardBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { createHomeCard } from '@controlplane/frontend-common';
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

/**
 * The developer's home card: the agents and apps they or their groups own,
 * with their deployments per environment. For readers of the catalog, like
 * the entity pages it links to.
 */
export const myDeploymentsCard = createHomeCard({
  name: 'my-deployments',
  widgetName: 'MyDeployments',
  title: 'My deployments',
  description:
    'The agents and apps you or your groups own, deployed per environment',
  permission: catalogEntityReadPermission,
  order: 210,
  loader: async () => {
    const { MyDeploymentsCard } = await import('./home/MyDeploymentsCard');
    return <MyDeploymentsCard />;
  },
});

/** Control-plane additions to the catalog pages (and the home page). */
export const catalogModuleControlPlane = createFrontendModule({
  pluginId: 'catalog',
  extensions: [
    deploymentsOfTarget,
    deploymentsOfTenant,
    deploymentDetails,
    environmentFilter,
    tenantFilter,
    myDeploymentsCard,
  ],
});

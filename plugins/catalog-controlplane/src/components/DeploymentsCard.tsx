import { Entity } from '@backstage/catalog-model';
import { TableColumn } from '@backstage/core-components';
import { RelatedEntitiesCard } from '@backstage/plugin-catalog';
import { EntityTable } from '@backstage/plugin-catalog-react';
import {
  DeploymentEntity,
  isDeploymentEntity,
  TENANT_KIND,
} from '@controlplane/plugin-catalog-controlplane-common';
import { EnvironmentChip } from './EnvironmentChip';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { deploymentRefs } from './deploymentRefs';

const columns: TableColumn<DeploymentEntity>[] = [
  EntityTable.columns.createEntityRefColumn({ defaultKind: 'deployment' }),
  {
    title: 'Environment',
    field: 'spec.environment',
    render: entity => <EnvironmentChip environment={entity.spec.environment} />,
  },
  { title: 'Version', field: 'spec.version' },
  {
    title: 'Runs',
    field: 'spec.target',
    render: entity => (
      <EntityRefLink entityRef={deploymentRefs(entity).target} />
    ),
  },
  {
    title: 'Tenant',
    field: 'spec.tenant',
    render: entity => (
      <EntityRefLink
        entityRef={deploymentRefs(entity).tenant}
        defaultKind={TENANT_KIND}
      />
    ),
  },
];

const asDeployments = (entities: Entity[]) =>
  entities.filter(isDeploymentEntity);

/**
 * The deployments related to the current entity: those of an agent or app
 * (`hasDeployment`), or those serving a tenant (`servedBy`).
 */
export const DeploymentsCard = ({ relationType }: { relationType: string }) => (
  <RelatedEntitiesCard
    variant="gridItem"
    title="Deployments"
    entityKind="Deployment"
    relationType={relationType}
    columns={columns}
    asRenderableEntities={asDeployments}
    emptyMessage="No deployments yet"
    emptyHelpLink="https://backstage.io/docs/features/software-catalog/descriptor-format"
  />
);

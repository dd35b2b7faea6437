import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import {
  isDeploymentEntity,
  TENANT_KIND,
} from '@controlplane/plugin-catalog-controlplane-common';
import { deploymentRefs } from './deploymentRefs';
import { EnvironmentChip } from './EnvironmentChip';

/** What a deployment runs, where, at which version and for whom. */
export const DeploymentDetailsCard = () => {
  const { entity } = useEntity();
  if (!isDeploymentEntity(entity)) {
    return null;
  }
  const { spec } = entity;
  const { target, tenant } = deploymentRefs(entity);
  return (
    <InfoCard title="Deployment" variant="gridItem">
      <StructuredMetadataTable
        metadata={{
          runs: <EntityRefLink entityRef={target} />,
          environment: <EnvironmentChip environment={spec.environment} />,
          version: spec.version,
          tenant: (
            <EntityRefLink entityRef={tenant} defaultKind={TENANT_KIND} />
          ),
        }}
      />
    </InfoCard>
  );
};

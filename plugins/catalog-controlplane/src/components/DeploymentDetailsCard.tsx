import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import {
  isDeploymentEntity,
  TENANT_KIND,
} from '@controlplane/plugin-catalog-controlplane-common';
import { EnvironmentChip } from './EnvironmentChip';

/** What a deployment runs, where, at which version and for whom. */
export const DeploymentDetailsCard = () => {
  const { entity } = useEntity();
  if (!isDeploymentEntity(entity)) {
    return null;
  }
  const { spec } = entity;
  return (
    <InfoCard title="Deployment" variant="gridItem">
      <StructuredMetadataTable
        metadata={{
          runs: <EntityRefLink entityRef={spec.target} />,
          environment: <EnvironmentChip environment={spec.environment} />,
          version: spec.version,
          tenant: <EntityRefLink entityRef={spec.tenant} defaultKind={TENANT_KIND} />,
        }}
      />
    </InfoCard>
  );
};

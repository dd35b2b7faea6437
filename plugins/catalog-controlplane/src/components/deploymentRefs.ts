import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import {
  DeploymentEntity,
  TENANT_KIND,
} from '@controlplane/plugin-catalog-controlplane-common';

/**
 * The target and tenant of a deployment as full refs, resolved the way the
 * catalog processor resolves them: the tenant may be given by name only, and
 * both default to the deployment's namespace. (EntityRefLink ignores
 * `defaultKind` when building its URL, so bare names must be resolved first.)
 */
export const deploymentRefs = (
  deployment: DeploymentEntity,
): { target: CompoundEntityRef; tenant: CompoundEntityRef } => {
  const defaultNamespace = deployment.metadata.namespace;
  return {
    target: parseEntityRef(deployment.spec.target, { defaultNamespace }),
    tenant: parseEntityRef(deployment.spec.tenant, {
      defaultKind: TENANT_KIND,
      defaultNamespace,
    }),
  };
};

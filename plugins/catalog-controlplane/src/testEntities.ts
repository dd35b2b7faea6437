import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type {
  AgentEntity,
  DeploymentEntity,
  TenantEntity,
} from '@controlplane/plugin-catalog-controlplane-common';

// Entities shaped as the catalog serves them: relations filled in by the
// control-plane processor, targets as full lower-case refs.
const fullRef = (ref: string, defaultKind?: string) =>
  stringifyEntityRef(parseEntityRef(ref, { defaultKind })).toLocaleLowerCase(
    'en-US',
  );

export const deployment = (
  name: string,
  spec: Partial<DeploymentEntity['spec']> = {},
): DeploymentEntity => {
  const full: DeploymentEntity['spec'] = {
    target: 'agent:support-triage',
    environment: 'production',
    version: '1.4.1',
    tenant: 'tenant:acme',
    ...spec,
  };
  return {
    apiVersion: 'controlplane.io/v1alpha1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: full,
    relations: [
      { type: 'deploymentOf', targetRef: fullRef(full.target) },
      { type: 'servesTenant', targetRef: fullRef(full.tenant, 'tenant') },
    ],
  };
};

export const agent = (
  name: string,
  deployments: string[] = [],
): AgentEntity => ({
  apiVersion: 'controlplane.io/v1alpha1',
  kind: 'Agent',
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'conversational',
    owner: 'group:team-agents',
    lifecycle: 'production',
  },
  relations: deployments.map(d => ({
    type: 'hasDeployment',
    targetRef: `deployment:default/${d}`,
  })),
});

export const tenant = (
  name: string,
  deployments: string[] = [],
): TenantEntity => ({
  apiVersion: 'controlplane.io/v1alpha1',
  kind: 'Tenant',
  metadata: { name, namespace: 'default' },
  spec: { plan: 'enterprise', status: 'active', owner: 'group:acme-owners' },
  relations: deployments.map(d => ({
    type: 'servedBy',
    targetRef: `deployment:default/${d}`,
  })),
});

export const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'website', namespace: 'default' },
  spec: { type: 'website', owner: 'group:team-apps', lifecycle: 'production' },
};

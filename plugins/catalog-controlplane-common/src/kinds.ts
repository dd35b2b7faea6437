import type { Entity } from '@backstage/catalog-model';

/** apiVersion of every kind this package defines. */
export const CONTROLPLANE_API_VERSION = 'controlplane.io/v1alpha1';

export const AGENT_KIND = 'Agent';
export const APP_KIND = 'App';
export const DEPLOYMENT_KIND = 'Deployment';
export const TENANT_KIND = 'Tenant';

export const CONTROLPLANE_KINDS = [
  AGENT_KIND,
  APP_KIND,
  DEPLOYMENT_KIND,
  TENANT_KIND,
] as const;

/** The environments agents and apps are promoted through, in order. */
export const ENVIRONMENTS = ['development', 'staging', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** Kinds a deployment may run. */
export const DEPLOYABLE_KINDS = [AGENT_KIND, APP_KIND] as const;

/** An AI agent run by the platform for its tenants. */
export interface AgentEntity extends Entity {
  apiVersion: typeof CONTROLPLANE_API_VERSION;
  kind: typeof AGENT_KIND;
  spec: {
    type: string;
    owner: string;
    lifecycle: string;
    system?: string;
    model?: string;
  };
}

/** A managed application that calls the portal's REST APIs. */
export interface AppEntity extends Entity {
  apiVersion: typeof CONTROLPLANE_API_VERSION;
  kind: typeof APP_KIND;
  spec: {
    type: string;
    owner: string;
    lifecycle: string;
    system?: string;
  };
}

/** One running instance of an agent or app, in one environment, for one tenant. */
export interface DeploymentEntity extends Entity {
  apiVersion: typeof CONTROLPLANE_API_VERSION;
  kind: typeof DEPLOYMENT_KIND;
  spec: {
    /** Entity ref of the agent or app that runs, e.g. `agent:support-triage`. */
    target: string;
    environment: Environment;
    version: string;
    /** Entity ref of the tenant, e.g. `tenant:acme`. */
    tenant: string;
    owner?: string;
  };
}

/** A customer organization of the SaaS platform. */
export interface TenantEntity extends Entity {
  apiVersion: typeof CONTROLPLANE_API_VERSION;
  kind: typeof TENANT_KIND;
  spec: {
    plan: string;
    status: 'active' | 'suspended';
    owner: string;
    domain?: string;
  };
}

const isKind =
  <T extends Entity>(kind: string) =>
  (entity: Entity): entity is T =>
    entity.apiVersion === CONTROLPLANE_API_VERSION &&
    entity.kind.toLocaleLowerCase('en-US') === kind.toLocaleLowerCase('en-US');

export const isAgentEntity = isKind<AgentEntity>(AGENT_KIND);
export const isAppEntity = isKind<AppEntity>(APP_KIND);
export const isDeploymentEntity = isKind<DeploymentEntity>(DEPLOYMENT_KIND);
export const isTenantEntity = isKind<TenantEntity>(TENANT_KIND);

import {
  AGENT_KIND,
  APP_KIND,
  CONTROLPLANE_API_VERSION,
  DEPLOYMENT_KIND,
  ENVIRONMENTS,
  TENANT_KIND,
} from '@controlplane/plugin-catalog-controlplane-common';

// JSON schemas in the shape of Backstage's own kind schemas: the shared
// `Entity` envelope plus a kind-specific spec. Checked by ajv at ingestion.

const entityRef = (description: string) => ({
  type: 'string',
  minLength: 1,
  description,
});

const kindSchema = (
  kind: string,
  description: string,
  spec: { required: string[]; properties: Record<string, unknown> },
) => ({
  $schema: 'http://json-schema.org/draft-07/schema',
  $id: `${kind}V1alpha1`,
  description,
  allOf: [
    { $ref: 'Entity' },
    {
      type: 'object',
      required: ['spec'],
      properties: {
        apiVersion: { enum: [CONTROLPLANE_API_VERSION] },
        kind: { enum: [kind] },
        spec: {
          type: 'object',
          additionalProperties: false,
          ...spec,
        },
      },
    },
  ],
});

const ownedSpec = {
  type: { type: 'string', minLength: 1 },
  owner: entityRef('Group or user that owns it, e.g. group:team-agents.'),
  lifecycle: { type: 'string', minLength: 1 },
  system: entityRef('System it is part of.'),
};

export const agentSchema = kindSchema(
  AGENT_KIND,
  'An AI agent run by the platform for its tenants.',
  {
    required: ['type', 'owner', 'lifecycle'],
    properties: {
      ...ownedSpec,
      model: { type: 'string', minLength: 1 },
    },
  },
);

export const appSchema = kindSchema(
  APP_KIND,
  'A managed application that calls the portal REST APIs.',
  { required: ['type', 'owner', 'lifecycle'], properties: ownedSpec },
);

export const deploymentSchema = kindSchema(
  DEPLOYMENT_KIND,
  'One running instance of an agent or app in one environment for one tenant.',
  {
    required: ['target', 'environment', 'version', 'tenant'],
    properties: {
      target: entityRef(
        'The agent or app that runs, e.g. agent:support-triage.',
      ),
      environment: { enum: [...ENVIRONMENTS] },
      version: {
        type: 'string',
        minLength: 1,
        maxLength: 128,
        pattern: '^[0-9A-Za-z][0-9A-Za-z.+_-]*$',
      },
      tenant: entityRef('The tenant it serves, e.g. tenant:acme.'),
      owner: entityRef('Group or user operating the deployment.'),
    },
  },
);

export const tenantSchema = kindSchema(
  TENANT_KIND,
  'A customer organization of the SaaS platform.',
  {
    required: ['plan', 'status', 'owner'],
    properties: {
      plan: { type: 'string', minLength: 1 },
      status: { enum: ['active', 'suspended'] },
      owner: entityRef('Group or user that owns the tenant.'),
      domain: {
        type: 'string',
        pattern:
          '^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$',
      },
    },
  },
);

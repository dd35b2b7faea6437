import path from 'node:path';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import {
  createPortalTestDatabases,
  eventually,
} from '@controlplane/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import catalogModuleControlPlane from './index';

// Integration test: the real catalog backend, with this module, ingests the
// example files and a broken file on each supported database.

jest.setTimeout(90_000);

const examples = path.resolve(__dirname, '../../../examples');
const controlplaneYaml = path.join(examples, 'controlplane.yaml');
const orgYaml = path.join(examples, 'org.yaml');
// In the portal the Deployment entities come from the promotions plugin.
const deploymentsYaml = path.join(__dirname, '__fixtures__/deployments.yaml');

const EXAMPLE_DEPLOYMENTS = [
  'analytics-portal-acme-dev',
  'billing-sync-acme-prod',
  'billing-sync-globex-prod',
  'billing-sync-globex-stg',
  'crm-connector-initech-prod',
  'invoice-extractor-acme-prod',
  'invoice-extractor-acme-stg',
  'sales-assistant-globex-dev',
  'support-triage-acme-dev',
  'support-triage-acme-prod',
  'support-triage-acme-stg',
  'support-triage-globex-prod',
];

// A file with one valid deployment and one whose environment is not allowed.
// In the portal the App entities come from the apps plugin; here from a file.
const APPS_FILE = 'apps.yaml';
const appsFileContent = `
apiVersion: controlplane.io/v1alpha1
kind: App
metadata:
  name: billing-sync
  title: Billing sync
  description: Reports billable usage events to the billing API.
  tags: [app, worker]
spec:
  type: worker
  owner: group:team-apps
  lifecycle: production
  system: controlplane
---
apiVersion: controlplane.io/v1alpha1
kind: App
metadata:
  name: crm-connector
  title: CRM connector
  description: Keeps tenant contacts in sync with the CRM.
  tags: [app, service]
spec:
  type: service
  owner: group:team-apps
  lifecycle: production
  system: controlplane
---
apiVersion: controlplane.io/v1alpha1
kind: App
metadata:
  name: analytics-portal
  title: Analytics portal
  description: Tenant-facing usage dashboards; reads feature flags.
  tags: [app, web]
spec:
  type: web
  owner: group:team-apps
  lifecycle: experimental
  system: controlplane
`;

const BROKEN_FILE = 'broken-deployments.yaml';
const brokenFileContent = `
apiVersion: controlplane.io/v1alpha1
kind: Deployment
metadata:
  name: analytics-portal-globex-stg
spec:
  target: app:analytics-portal
  environment: staging
  version: 0.6.0
  tenant: tenant:globex
---
apiVersion: controlplane.io/v1alpha1
kind: Deployment
metadata:
  name: analytics-portal-globex-qa
spec:
  target: app:analytics-portal
  environment: qa
  version: 0.6.0
  tenant: tenant:globex
`;

const TINA = 'user:default/tina';

const relationTargets = (entity: Entity, type: string) =>
  (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef)
    .sort();

const names = (entities: Entity[]) => entities.map(e => e.metadata.name).sort();

describe('catalogModuleControlPlane', () => {
  const databases = createPortalTestDatabases();
  const mockDir = createMockDirectory({
    content: {
      [APPS_FILE]: appsFileContent,
      [BROKEN_FILE]: brokenFileContent,
    },
  });

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    const processingErrors: { entityRef: string; messages: string[] }[] = [];

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      backend = await startTestBackend({
        features: [
          catalogPlugin,
          catalogModuleControlPlane,
          mockServices.database.factory({ knex }),
          // Tina is a member scoped to tenant acme (what the RBAC policy
          // answers for her); everybody else may read everything.
          mockServices.permissions.mock({
            authorize: async requests =>
              requests.map(() => ({ result: AuthorizeResult.ALLOW })),
            authorizeConditional: async (requests, options) =>
              requests.map(() =>
                (options.credentials.principal as { userEntityRef?: string })
                  .userEntityRef === TINA
                  ? {
                      result: AuthorizeResult.CONDITIONAL,
                      pluginId: 'catalog',
                      resourceType: 'catalog-entity',
                      conditions: {
                        rule: 'IS_IN_TENANT',
                        resourceType: 'catalog-entity',
                        params: { tenants: ['acme'] },
                      },
                    }
                  : { result: AuthorizeResult.ALLOW },
              ),
          }).factory,
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                rules: [
                  {
                    allow: [
                      'Component',
                      'System',
                      'API',
                      'Resource',
                      'Location',
                      'Agent',
                      'App',
                      'Deployment',
                      'Tenant',
                    ],
                  },
                ],
                locations: [
                  { type: 'file', target: controlplaneYaml },
                  { type: 'file', target: deploymentsYaml },
                  {
                    type: 'file',
                    target: orgYaml,
                    rules: [{ allow: ['User', 'Group'] }],
                  },
                  { type: 'file', target: mockDir.resolve(APPS_FILE) },
                  { type: 'file', target: mockDir.resolve(BROKEN_FILE) },
                ],
              },
            },
          }),
          // Records what the catalog reports for entities it cannot process.
          createBackendModule({
            pluginId: 'catalog',
            moduleId: 'test-processing-errors',
            register(reg) {
              reg.registerInit({
                deps: { catalog: catalogProcessingExtensionPoint },
                async init({ catalog }) {
                  catalog.setOnProcessingErrorHandler(event => {
                    processingErrors.push({
                      entityRef: stringifyEntityRef(event.unprocessedEntity),
                      messages: event.errors.map(e => e.message),
                    });
                  });
                },
              });
            },
          }),
        ],
      });
    });

    afterAll(async () => {
      await backend?.stop();
    });

    const get = (url: string, params: Record<string, unknown> = {}) =>
      request(backend.server)
        .get(url)
        .query(params)
        .set('Authorization', mockCredentials.user.header());

    async function query(filter: string): Promise<Entity[]> {
      const res = await get('/api/catalog/entities/by-query', {
        filter,
        limit: 100,
      });
      expect(res.status).toBe(200);
      return res.body.items;
    }

    async function queryAs(user: string, filter: string): Promise<string[]> {
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-query')
        .query({ filter, limit: 100 })
        .set('Authorization', mockCredentials.user.header(user));
      expect(res.status).toBe(200);
      return names(res.body.items);
    }

    it('shows a tenant-scoped member only the entities of the tenant', async () => {
      await eventually(async () => {
        expect(await queryAs(TINA, 'kind=deployment')).toEqual(
          EXAMPLE_DEPLOYMENTS.filter(name => name.includes('-acme-')),
        );
      });
      expect(await queryAs(TINA, 'kind=tenant')).toEqual(['acme']);
      expect(await queryAs(TINA, 'kind=group')).toEqual(['acme-owners']);
      // Agents and apps serve every tenant; they belong to none.
      expect(await queryAs(TINA, 'kind=agent')).toEqual([]);
      expect(await queryAs('user:default/oscar', 'kind=tenant')).toEqual([
        'acme',
        'globex',
        'initech',
      ]);
    });

    async function entity(ref: string): Promise<Entity> {
      const res = await get(`/api/catalog/entities/by-name/${ref}`);
      expect(res.status).toBe(200);
      return res.body;
    }

    it('ingests the 12 deployments of the demo estate', async () => {
      await eventually(async () => {
        const fromExamples = await query(
          `kind=deployment,metadata.annotations.backstage.io/managed-by-origin-location=file:${deploymentsYaml}`,
        );
        expect(names(fromExamples)).toEqual(EXAMPLE_DEPLOYMENTS);
      });
      // The valid sibling from the temporary file may be processed later.
      await eventually(async () => {
        const all = await query('kind=deployment');
        expect(names(all)).toEqual(
          [...EXAMPLE_DEPLOYMENTS, 'analytics-portal-globex-stg'].sort(),
        );
      });
    });

    it('ingests the 3 agents, 3 apps and 3 tenants', async () => {
      await eventually(async () => {
        expect(names(await query('kind=agent'))).toEqual([
          'invoice-extractor',
          'sales-assistant',
          'support-triage',
        ]);
        expect(names(await query('kind=app'))).toEqual([
          'analytics-portal',
          'billing-sync',
          'crm-connector',
        ]);
        expect(names(await query('kind=tenant'))).toEqual([
          'acme',
          'globex',
          'initech',
        ]);
      });
      const acme = await entity('tenant/default/acme');
      expect(acme).toMatchObject({
        apiVersion: 'controlplane.io/v1alpha1',
        kind: 'Tenant',
        spec: { plan: 'enterprise', status: 'active', domain: 'acme.example' },
      });
    });

    it('relates a deployment to its agent, tenant and owner', async () => {
      await eventually(async () => {
        const deployment = await entity(
          'deployment/default/support-triage-acme-prod',
        );
        expect(relationTargets(deployment, 'deploymentOf')).toEqual([
          'agent:default/support-triage',
        ]);
        expect(relationTargets(deployment, 'servesTenant')).toEqual([
          'tenant:default/acme',
        ]);
        expect(relationTargets(deployment, 'ownedBy')).toEqual([
          'group:default/operators',
        ]);
      });
    });

    it('gives the agent the inverse hasDeployment relations', async () => {
      await eventually(async () => {
        const agent = await entity('agent/default/support-triage');
        expect(relationTargets(agent, 'hasDeployment')).toEqual([
          'deployment:default/support-triage-acme-dev',
          'deployment:default/support-triage-acme-prod',
          'deployment:default/support-triage-acme-stg',
          'deployment:default/support-triage-globex-prod',
        ]);
        expect(relationTargets(agent, 'ownedBy')).toEqual([
          'group:default/team-agents',
        ]);
        expect(relationTargets(agent, 'partOf')).toEqual([
          'system:default/controlplane',
        ]);
      });
    });

    it('gives tenants, owners and systems the inverse relations', async () => {
      await eventually(async () => {
        const initech = await entity('tenant/default/initech');
        expect(relationTargets(initech, 'servedBy')).toEqual([
          'deployment:default/crm-connector-initech-prod',
        ]);
        const acme = await entity('tenant/default/acme');
        expect(relationTargets(acme, 'servedBy')).toHaveLength(7);
        expect(relationTargets(acme, 'ownedBy')).toEqual([
          'group:default/acme-owners',
        ]);
        const teamAgents = await entity('group/default/team-agents');
        expect(relationTargets(teamAgents, 'ownerOf')).toEqual([
          'agent:default/invoice-extractor',
          'agent:default/sales-assistant',
          'agent:default/support-triage',
        ]);
        const system = await entity('system/default/controlplane');
        expect(relationTargets(system, 'hasPart')).toEqual([
          'agent:default/invoice-extractor',
          'agent:default/sales-assistant',
          'agent:default/support-triage',
          'app:default/analytics-portal',
          'app:default/billing-sync',
          'app:default/crm-connector',
        ]);
      });
    });

    it('rejects an invalid deployment and keeps its valid sibling', async () => {
      const badRef = 'deployment:default/analytics-portal-globex-qa';
      await eventually(async () => {
        expect(processingErrors.map(e => e.entityRef)).toContain(badRef);
        const sibling = await entity(
          'deployment/default/analytics-portal-globex-stg',
        );
        expect(relationTargets(sibling, 'deploymentOf')).toEqual([
          'app:default/analytics-portal',
        ]);
      });
      const reported = processingErrors.find(e => e.entityRef === badRef)!;
      expect(reported.messages.join('\n')).toMatch(
        /\/spec\/environment must be equal to one of the allowed values/,
      );
      // Only the bad entity failed.
      expect([...new Set(processingErrors.map(e => e.entityRef))]).toEqual([
        badRef,
      ]);

      const res = await get(
        '/api/catalog/entities/by-name/deployment/default/analytics-portal-globex-qa',
      );
      expect(res.status).toBe(404);
      expect(names(await query('kind=deployment'))).not.toContain(
        'analytics-portal-globex-qa',
      );
    });
  });
});

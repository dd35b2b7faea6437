import {
  createBackendPlugin,
  createServiceFactory,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { mockCredentials } from '@backstage/backend-test-utils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import {
  DocumentCollatorFactory,
  IndexableDocument,
} from '@backstage/plugin-search-common';
// The real domain plugins are what the collators read (tests only).
/* eslint-disable @backstage/no-mixed-plugin-imports */
import appsPlugin from '@controlplane/plugin-apps-backend';
import flagsPlugin from '@controlplane/plugin-flags-backend';
import incidentsPlugin from '@controlplane/plugin-incidents-backend';
import promotionsPlugin from '@controlplane/plugin-promotions-backend';
import tenantsPlugin from '@controlplane/plugin-tenants-backend';
/* eslint-enable @backstage/no-mixed-plugin-imports */
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startBackendWithRbac } from '@controlplane/test-utils/rbac';
import request from 'supertest';
import searchModuleControlPlane, {
  DEFAULT_SCHEDULE,
  readCollatorSchedule,
} from './index';

jest.setTimeout(180_000);

/**
 * Stands in for the search plugin: offers the index registry and keeps what
 * the module registers, so the test reads each collator's documents itself.
 */
function capturingSearchPlugin() {
  const collators: Array<{
    factory: DocumentCollatorFactory;
    schedule: SchedulerServiceTaskRunner;
  }> = [];
  const plugin = createBackendPlugin({
    pluginId: 'search',
    register(env) {
      env.registerExtensionPoint(searchIndexRegistryExtensionPoint, {
        addCollator: options => collators.push(options),
        addDecorator: () => {},
      });
      env.registerInit({ deps: {}, async init() {} });
    },
  });
  return { plugin, collators };
}

/** Notifications the plugins send are dropped (no notifications backend). */
const silentNotifications = createServiceFactory({
  service: notificationService,
  deps: {},
  factory: () => ({ async send() {} } as never),
});

/** The tenants of the demo (app-config.yaml), created on the first start. */
const INITIAL_TENANTS = [
  {
    name: 'acme',
    displayName: 'Acme Corp',
    domain: 'acme.example',
    plan: 'enterprise',
    ownerEmail: 'tina@acme.example',
  },
  {
    name: 'globex',
    displayName: 'Globex',
    domain: 'globex.example',
    plan: 'professional',
    ownerEmail: 'owner@globex.example',
  },
  {
    name: 'initech',
    displayName: 'Initech',
    domain: 'initech.example',
    plan: 'starter',
    ownerEmail: 'owner@initech.example',
    suspendReason: 'Invoices unpaid (demo data)',
  },
];

async function collate(factory: DocumentCollatorFactory) {
  const documents: IndexableDocument[] = [];
  for await (const document of await factory.getCollator()) {
    documents.push(document);
  }
  return documents;
}

describe('the collators schedule', () => {
  it('is search.collators.controlplane.schedule, or every 10 minutes', () => {
    expect(readCollatorSchedule(new ConfigReader({}))).toEqual(
      DEFAULT_SCHEDULE,
    );
    expect(
      readCollatorSchedule(
        new ConfigReader({
          search: {
            collators: {
              controlplane: {
                schedule: {
                  frequency: { seconds: 5 },
                  timeout: { minutes: 1 },
                },
              },
            },
          },
        }),
      ),
    ).toEqual({ frequency: { seconds: 5 }, timeout: { minutes: 1 } });
  });
});

/**
 * The module with the real tenants, apps, flags, promotions, incidents and
 * RBAC plugins: each collator reads its plugin's list route with the search
 * backend's service credentials, and each document says what the object is
 * and which resource decides who may see it.
 */
describe('the control-plane collators, reading the real plugins', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    const search = capturingSearchPlugin();
    let backend: Awaited<ReturnType<typeof startBackendWithRbac>>;

    beforeAll(async () => {
      backend = await startBackendWithRbac({
        databases,
        databaseId,
        features: [
          search.plugin,
          searchModuleControlPlane,
          tenantsPlugin,
          appsPlugin,
          flagsPlugin,
          promotionsPlugin,
          incidentsPlugin,
          silentNotifications,
        ],
        pluginDatabases: [
          'tenants',
          'apps',
          'flags',
          'promotions',
          'incidents',
        ],
        keepOboActor: true,
        initialMembers: { 'platform-admin': ['user:default/ada'] },
        config: {
          app: { baseUrl: 'http://localhost:3000' },
          tenants: { initialTenants: INITIAL_TENANTS },
          apps: {
            secretHashKey: 'integration-test-secret-hash-key-0123456789',
          },
          promotions: {
            initialDeployments: [
              {
                target: 'agent:support-triage',
                tenant: 'acme',
                environment: 'staging',
                version: '1.4.2',
              },
              {
                target: 'agent:support-triage',
                tenant: 'acme',
                environment: 'production',
                version: '1.4.1',
              },
            ],
          },
        },
      });
    });
    afterAll(async () => {
      await backend?.stop();
    });

    /** POSTs (or PATCHes) as ada, a platform admin; answers the body. */
    async function asAdmin(
      method: 'post' | 'patch',
      path: string,
      body: object,
    ) {
      const res = await request(backend.server)
        [method](path)
        .set('Authorization', mockCredentials.user.header('user:default/ada'))
        .send(body);
      expect({ path, status: res.status, error: res.body.error }).toEqual({
        path,
        status: method === 'post' ? 201 : 200,
        error: undefined,
      });
      return res.body;
    }

    const documentsOf = async (type: string) => {
      const collator = search.collators.find(c => c.factory.type === type);
      expect(collator).toBeDefined();
      return collate(collator!.factory);
    };

    it('registers one collator per kind, visible with the plugin read permission', () => {
      expect(
        search.collators.map(({ factory }) => [
          factory.type,
          factory.visibilityPermission?.name,
          factory.visibilityPermission?.type,
        ]),
      ).toEqual([
        ['tenant', 'tenants.tenant.read', 'resource'],
        ['app', 'apps.app.read', 'resource'],
        ['flag', 'flags.flag.read', 'basic'],
        ['promotion', 'promotions.request.read', 'resource'],
        ['incident', 'incidents.incident.read', 'resource'],
        ['role', 'rbac.role.read', 'basic'],
      ]);
      // One schedule for all of them.
      expect(new Set(search.collators.map(c => c.schedule)).size).toBe(1);
    });

    it('indexes every tenant, suspended ones too, with plan and status, authorized by its name', async () => {
      const documents = await documentsOf('tenant');
      expect(documents).toHaveLength(3);
      expect(documents.find(d => d.title === 'Acme Corp')).toEqual({
        title: 'Acme Corp',
        text: 'Tenant acme (acme.example): enterprise plan, active.',
        location: '/tenants/acme',
        name: 'acme',
        displayName: 'Acme Corp',
        domain: 'acme.example',
        plan: 'enterprise',
        status: 'active',
        tenant: 'acme',
        authorization: { resourceRef: 'acme' },
      });
      expect(documents.find(d => d.title === 'Initech')).toMatchObject({
        text: 'Tenant initech (initech.example): starter plan, suspended. Invoices unpaid (demo data).',
        status: 'suspended',
        authorization: { resourceRef: 'initech' },
      });
    });

    it('indexes apps with owner, environment and tenants, authorized by the app id', async () => {
      const app = await asAdmin('post', '/api/apps/apps', {
        name: 'billing-sync',
        title: 'Billing sync',
        description: 'Reports billable usage events to the billing API.',
        environment: 'production',
        owner: 'group:default/team-apps',
        tenants: ['acme', 'globex'],
      });
      const documents = await documentsOf('app');
      expect(documents).toEqual([
        {
          title: 'Billing sync',
          text: 'Reports billable usage events to the billing API. App billing-sync in production, owned by group:default/team-apps, active. Serves acme and globex.',
          location: `/apps/${app.id}`,
          appId: app.id,
          name: 'billing-sync',
          owner: 'group:default/team-apps',
          environment: 'production',
          status: 'active',
          tenants: ['acme', 'globex'],
          authorization: { resourceRef: app.id },
        },
      ]);
    });

    it('indexes flag definitions of every lifecycle, archived ones too, with no resource (a basic permission)', async () => {
      const variants = [
        { name: 'on', value: true },
        { name: 'off', value: false },
      ];
      await asAdmin('post', '/api/flags/flags', {
        key: 'checkout_v2',
        description: 'The new checkout.',
        type: 'boolean',
        variants,
        defaultVariant: 'off',
        owner: 'group:default/team-apps',
        tags: ['ui', 'checkout'],
      });
      await asAdmin('post', '/api/flags/flags', {
        key: 'legacy_banner',
        type: 'boolean',
        variants,
        defaultVariant: 'off',
      });
      await asAdmin('patch', '/api/flags/flags/legacy_banner', {
        lifecycle: 'archived',
        reason: 'Replaced by the new checkout',
      });
      const documents = await documentsOf('flag');
      expect(documents.find(d => d.title === 'checkout_v2')).toEqual({
        title: 'checkout_v2',
        text: 'The new checkout. boolean flag, active. Owned by group:default/team-apps. Tags: ui, checkout.',
        location: '/flags/checkout_v2',
        key: 'checkout_v2',
        flagType: 'boolean',
        lifecycle: 'active',
        owner: 'group:default/team-apps',
        tags: ['ui', 'checkout'],
        killed: false,
        potentiallyStale: false,
      });
      expect(documents.find(d => d.title === 'legacy_banner')).toMatchObject({
        lifecycle: 'archived',
        text: 'boolean flag, archived.',
      });
      for (const document of documents) {
        expect(document.authorization).toBeUndefined();
      }
    });

    it('indexes promotion requests with status, environments and tenant, authorized by the request id', async () => {
      const created = await asAdmin('post', '/api/promotions/requests', {
        target: 'agent:support-triage',
        tenant: 'acme',
        sourceEnvironment: 'staging',
        version: '1.4.2',
      });
      const documents = await documentsOf('promotion');
      expect(documents).toEqual([
        expect.objectContaining({
          title:
            'Promotion of agent:default/support-triage 1.4.2 to production',
          text: expect.stringMatching(
            /^Promotion of agent:default\/support-triage 1\.4\.2 from staging to production for acme: \w+\. Requested by user:default\/ada\./,
          ),
          location: `/promotions/requests/${created.id}`,
          requestId: created.id,
          requestKind: 'promotion',
          tenant: 'acme',
          sourceEnvironment: 'staging',
          targetEnvironment: 'production',
          version: '1.4.2',
          status: created.status,
          requestedBy: 'user:default/ada',
          authorization: { resourceRef: created.id },
        }),
      ]);
    });

    it('indexes incidents with severity, status and tenant, platform ones without a tenant', async () => {
      const acme = await asAdmin('post', '/api/incidents/incidents', {
        title: 'Checkout answers slowly',
        description: 'p99 above 2 s since 10:00.',
        severity: 'SEV2',
        priority: 'high',
        category: 'performance',
        tenant: 'acme',
      });
      const platform = await asAdmin('post', '/api/incidents/incidents', {
        title: 'Database failover',
        severity: 'SEV1',
        priority: 'critical',
        category: 'reliability',
      });
      const documents = await documentsOf('incident');
      expect(documents).toHaveLength(2);
      expect(documents.find(d => d.title === acme.title)).toEqual({
        title: 'Checkout answers slowly',
        text: 'SEV2 performance incident, open, tenant acme. p99 above 2 s since 10:00.',
        location: `/incidents/${acme.id}`,
        incidentId: acme.id,
        severity: 'SEV2',
        priority: 'high',
        category: 'performance',
        status: 'open',
        tenant: 'acme',
        authorization: { resourceRef: acme.id },
      });
      const platformDocument = documents.find(d => d.title === platform.title);
      expect(platformDocument).toMatchObject({
        text: 'SEV1 reliability incident, open, platform.',
        authorization: { resourceRef: platform.id },
      });
      expect(platformDocument).not.toHaveProperty('tenant');
    });

    it('indexes the roles with their descriptions, from a list without pages', async () => {
      const documents = await documentsOf('role');
      expect(documents.find(d => d.title === 'platform-admin')).toEqual({
        title: 'platform-admin',
        text: 'Everything, including editing roles. Role with 1 grant and 1 member.',
        location: '/rbac/roles/platform-admin',
        name: 'platform-admin',
        description: 'Everything, including editing roles',
        grantCount: 1,
        memberCount: 1,
      });
      expect(documents.map(d => d.title)).toEqual(
        expect.arrayContaining(['operator', 'org-owner', 'auditor']),
      );
    });
  });
});

import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import searchPlugin from '@backstage/plugin-search-backend';
import appsPlugin from '@controlplane/plugin-apps-backend';
import flagsPlugin from '@controlplane/plugin-flags-backend';
import incidentsPlugin from '@controlplane/plugin-incidents-backend';
import searchModuleControlPlane from '@controlplane/plugin-search-backend-module-controlplane';
import tenantsPlugin from '@controlplane/plugin-tenants-backend';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import type { ManualScheduler } from '@controlplane/test-utils/apps';
import { startBackendWithRbac } from '@controlplane/test-utils/rbac';
import Router from 'express-promise-router';
import request from 'supertest';

jest.setTimeout(180_000);

/** A promotions plugin whose list route fails: its collation fails alone. */
const failingPromotions = createBackendPlugin({
  pluginId: 'promotions',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        const router = Router();
        router.get('/requests', async (_req, res) => {
          res.status(500).json({ error: { name: 'Error', message: 'down' } });
        });
        httpRouter.use(router);
      },
    });
  },
});

const SEARCH_TYPES = ['tenant', 'app', 'flag', 'promotion', 'incident', 'role'];

/**
 * Search across the control plane, end to end: the search backend (its
 * in-memory engine, as locally) with the control-plane collators, the real
 * tenants, apps, flags and incidents plugins, and the real permission
 * backend with the RBAC policy. What one finds is what one may read: a
 * platform admin finds every tenant's objects, the owner of acme (org-owner
 * scoped to acme) only acme's, and someone without roles nothing.
 */
describe('search across the control plane', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    const scheduler = mockServices.scheduler() as ManualScheduler;
    let backend: Awaited<ReturnType<typeof startBackendWithRbac>>;

    const header = (user: string) =>
      mockCredentials.user.header(`user:default/${user}`);

    async function create(path: string, body: object) {
      const res = await request(backend.server)
        .post(path)
        .set('Authorization', header('ada'))
        .send(body);
      expect({ path, status: res.status, error: res.body.error }).toEqual({
        path,
        status: 201,
        error: undefined,
      });
      return res.body;
    }

    /**
     * What `user` finds for `term` (among `types`, default all): `type title
     * location` per result.
     */
    async function find(user: string, term: string, types?: string[]) {
      const res = await request(backend.server)
        .get('/api/search/query')
        // `types[0]=flag`, as Backstage's search client sends arrays.
        .query(
          [
            `term=${encodeURIComponent(term)}`,
            ...(types ?? []).map((type, i) => `types[${i}]=${type}`),
          ].join('&'),
        )
        .set('Authorization', header(user));
      expect(res.status).toBe(200);
      return (
        res.body.results as Array<{
          type: string;
          document: { title: string; location: string };
        }>
      )
        .map(r => `${r.type} ${r.document.title} ${r.document.location}`)
        .sort();
    }

    let apps: Record<string, string>;
    let incidents: Record<string, string>;

    beforeAll(async () => {
      backend = await startBackendWithRbac({
        databases,
        databaseId,
        features: [
          searchPlugin,
          searchModuleControlPlane,
          tenantsPlugin,
          appsPlugin,
          flagsPlugin,
          incidentsPlugin,
          failingPromotions,
          scheduler.factory({ skipTaskRunOnStartup: true }),
        ],
        pluginDatabases: ['tenants', 'apps', 'flags', 'incidents'],
        keepOboActor: true,
        initialMembers: {
          'platform-admin': ['user:default/ada'],
          // Tina owns acme: every grant of the role, within acme only.
          'org-owner': ['user:default/tina@acme'],
        },
        config: {
          app: { baseUrl: 'http://localhost:3000' },
          tenants: {
            initialTenants: [
              { name: 'acme', displayName: 'Acme Corp', plan: 'enterprise' },
              { name: 'globex', displayName: 'Globex', plan: 'professional' },
              { name: 'initech', displayName: 'Initech', plan: 'starter' },
            ].map(t => ({
              ...t,
              domain: `${t.name}.example`,
              ownerEmail: `owner@${t.name}.example`,
            })),
          },
          apps: {
            secretHashKey: 'integration-test-secret-hash-key-0123456789',
          },
        },
      });

      const app = async (name: string, tenants: string[]) =>
        (
          await create('/api/apps/apps', {
            name,
            environment: 'production',
            owner: 'group:default/team-apps',
            tenants,
          })
        ).id as string;
      apps = {
        'acme-portal': await app('acme-portal', ['acme']),
        'shared-sync': await app('shared-sync', ['acme', 'globex']),
        'initech-crm': await app('initech-crm', ['initech']),
      };
      await create('/api/flags/flags', {
        key: 'checkout_v2',
        description: 'The new checkout',
        type: 'boolean',
        variants: [
          { name: 'on', value: true },
          { name: 'off', value: false },
        ],
        defaultVariant: 'off',
      });
      const incident = async (title: string, tenant: string) =>
        (
          await create('/api/incidents/incidents', {
            title,
            severity: 'SEV2',
            priority: 'high',
            category: 'performance',
            tenant,
          })
        ).id as string;
      incidents = {
        acme: await incident('Acme checkout slow', 'acme'),
        globex: await incident('Globex login errors', 'globex'),
      };

      // One collation of every kind (the schedule's work); the promotions
      // plugin fails its own and nothing else.
      for (const type of SEARCH_TYPES) {
        await scheduler.triggerTask(`search_index_${type}`);
      }
    });
    afterAll(async () => {
      await backend?.stop();
    });

    it('lets a platform admin find the objects of every tenant', async () => {
      expect(await find('ada', 'acme')).toEqual(
        [
          'tenant Acme Corp /tenants/acme',
          `app acme-portal /apps/${apps['acme-portal']}`,
          `app shared-sync /apps/${apps['shared-sync']}`,
          `incident Acme checkout slow /incidents/${incidents.acme}`,
        ].sort(),
      );
      expect(await find('ada', 'globex')).toEqual(
        [
          'tenant Globex /tenants/globex',
          `app shared-sync /apps/${apps['shared-sync']}`,
          `incident Globex login errors /incidents/${incidents.globex}`,
        ].sort(),
      );
      expect(await find('ada', 'checkout_v2', ['flag'])).toEqual([
        'flag checkout_v2 /flags/checkout_v2',
      ]);
      expect(await find('ada', 'org-owner', ['role'])).toContain(
        'role org-owner /rbac/roles/org-owner',
      );
    });

    it("shows acme's owner only acme's tenant, apps and incidents", async () => {
      expect(await find('tina', 'acme')).toEqual(
        [
          'tenant Acme Corp /tenants/acme',
          `app acme-portal /apps/${apps['acme-portal']}`,
          `incident Acme checkout slow /incidents/${incidents.acme}`,
        ].sort(),
      );
      // Nothing of other tenants, not even an app acme shares with globex.
      expect(await find('tina', 'globex')).toEqual([]);
      expect(await find('tina', 'initech')).toEqual([]);
      // Flag definitions and roles need basic permissions, which a
      // tenant-scoped membership never grants.
      expect(await find('tina', 'checkout_v2', ['flag'])).toEqual([]);
      expect(await find('tina', 'org-owner', ['role'])).toEqual([]);
    });

    it('shows someone without roles nothing', async () => {
      expect(await find('nobody', 'acme')).toEqual([]);
    });
  });
});

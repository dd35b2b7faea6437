import { IncomingMessage } from 'node:http';
import {
  CacheService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  createMockAuditor,
  createPortalTestDatabases,
} from '@controlplane/test-utils';
import { ManualScheduler } from '@controlplane/test-utils/apps';
import { startBackendWithRbac } from '@controlplane/test-utils/rbac';
// The real source plugins answer the overview's calls (tests only).
/* eslint-disable @backstage/no-mixed-plugin-imports */
import appsPlugin from '@controlplane/plugin-apps-backend';
import auditPlugin from '@controlplane/plugin-audit-backend';
import billingPlugin, {
  bindBillingStores,
} from '@controlplane/plugin-billing-backend';
import incidentsPlugin from '@controlplane/plugin-incidents-backend';
import promotionsPlugin from '@controlplane/plugin-promotions-backend';
import tenantsPlugin from '@controlplane/plugin-tenants-backend';
/* eslint-enable @backstage/no-mixed-plugin-imports */
import { auditTrailServiceFactory } from '@controlplane/plugin-audit-node';
import { Knex } from 'knex';
import request from 'supertest';
import platformHealthPlugin from '../index';
import { SUMMARY_PLUGINS } from './sources';
import {
  HourlyUsageRow,
  seededTenant,
  seedTenants,
} from '../__testUtils__/overviewScaleSeed';

jest.setTimeout(120_000);

/**
 * A cache that keeps nothing: every overview reads its sources (a cold
 * cache on every request). `cacheSeconds: 0` does not do this: Backstage's
 * cache takes a TTL of 0 as "never expires".
 */
const noCache = createServiceFactory({
  service: coreServices.cache,
  deps: {},
  factory: () => {
    const cache: CacheService = {
      async get() {
        return undefined;
      },
      async set() {},
      async delete() {},
      withOptions: () => cache,
    };
    return cache;
  },
});

type Backend = Awaited<ReturnType<typeof startBackendWithRbac>>;

/** What one overview request cost. */
interface Cost {
  status: number;
  body: any;
  /** SQL statements per plugin database. */
  queries: Record<string, number>;
  /** Requests the backend received meanwhile (other than the overview), by method and path. */
  calls: Record<string, number>;
}

/**
 * Issue 17: the overview's SQL statements and plugin calls do not grow
 * with the number of tenants. The real tenants, apps, billing, audit,
 * incidents and promotions plugins next to platform-health, each on its
 * own database, seeded in bulk with 10 and then 1,000 tenants; the
 * overview asked with nothing cached.
 */
describe('the platform overview at 10 and 1,000 tenants', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let backend: Backend;

    beforeAll(async () => {
      const events = mockServices.events();
      const scheduler = mockServices.scheduler() as ManualScheduler;
      backend = await startBackendWithRbac({
        databases,
        databaseId,
        features: [
          appsPlugin,
          tenantsPlugin,
          billingPlugin,
          auditPlugin,
          auditTrailServiceFactory,
          incidentsPlugin,
          promotionsPlugin,
          platformHealthPlugin,
          createServiceFactory({
            service: eventsServiceRef,
            deps: {},
            factory: () => events,
          }),
          // Scheduled tasks run only when triggered: none runs here.
          scheduler.factory({ skipTaskRunOnStartup: true }),
          createMockAuditor().auditor.factory,
          noCache,
        ],
        pluginDatabases: [
          'apps',
          'tenants',
          'billing',
          'audit',
          'incidents',
          'promotions',
          'platform-health',
        ],
        initialMembers: { 'platform-admin': ['user:default/ada'] },
        catalogUsers: ['ada', 'tina'],
        keepOboActor: true,
        config: {
          app: { baseUrl: 'http://localhost:3000' },
          tenants: { secretKey: Buffer.alloc(32, 7).toString('base64') },
          // No timer of a plugin touches a database during a measurement.
          apps: {
            developmentSecretHashKey:
              'overview-scale-test-hash-key-0123456789abcdef',
            verifier: {
              refreshIntervalMs: 3_600_000,
              usageFlushIntervalMs: 3_600_000,
            },
          },
          platformHealth: { requestMetrics: { flushSeconds: 3600 } },
        },
      });
    });

    afterAll(async () => {
      await backend?.stop();
    });

    /** Asks for the overview as a platform admin and counts what it cost. */
    async function overviewCost(): Promise<Cost> {
      const queries: Record<string, number> = {};
      const calls: Record<string, number> = {};
      const listeners = Object.entries(backend.knex).map(
        ([pluginId, knex]: [string, Knex]) => {
          queries[pluginId] = 0;
          const listener = () => {
            queries[pluginId] += 1;
          };
          knex.on('query', listener);
          return () => knex.off('query', listener);
        },
      );
      const onRequest = (req: IncomingMessage) => {
        const path = (req.url ?? '').split('?')[0];
        if (path === '/api/platform-health/overview') return;
        const key = `${req.method} ${path}`;
        calls[key] = (calls[key] ?? 0) + 1;
      };
      backend.server.on('request', onRequest);
      try {
        const res = await request(backend.server)
          .get('/api/platform-health/overview')
          .set(
            'Authorization',
            mockCredentials.user.header('user:default/ada'),
          );
        return { status: res.status, body: res.body, queries, calls };
      } finally {
        backend.server.off('request', onRequest);
        listeners.forEach(off => off());
      }
    }

    it('costs the same SQL statements and plugin calls for 10 and 1,000 tenants', async () => {
      const seeding = {
        now: Date.now(),
        addBillingUsage: (rows: HourlyUsageRow[]) =>
          bindBillingStores(backend.knex.billing).usage.addAggregated(rows),
      };
      await seedTenants(backend.knex, { from: 0, to: 10 }, seeding);
      // The backend's first decision loads the RBAC policy's roles (later
      // ones only check their revision): measured from the second request.
      expect((await overviewCost()).status).toBe(200);
      const small = await overviewCost();
      expect(small.status).toBe(200);
      expect(small.body.cached).toBe(false);
      expect(small.body.unavailable).toEqual([]);
      expect(small.body.tenants.total).toBe(10);

      await seedTenants(backend.knex, { from: 10, to: 1000 }, seeding);
      const large = await overviewCost();
      expect(large.status).toBe(200);
      expect(large.body.cached).toBe(false);
      expect(large.body.unavailable).toEqual([]);
      expect(large.body.tenants.total).toBe(1000);
      // The seeded figures arrived (not only the tenants' list).
      expect(large.body.security.admin_actions_24h).toBe(2000);
      expect(large.body.incidents.open).toBe(100);

      // One summary per source plugin, whatever the number of tenants.
      for (const plugin of SUMMARY_PLUGINS) {
        expect(small.calls[`GET /api/${plugin}/platform-summary`]).toBe(1);
      }
      expect(large.calls).toEqual(small.calls);
      expect(large.queries).toEqual(small.queries);
      // Every source plugin's database answered its summary.
      for (const plugin of SUMMARY_PLUGINS) {
        expect(small.queries[plugin]).toBeGreaterThan(0);
      }
    });

    it("sums the executions and tokens of billing's usage in the executive summary, over the tenants a scoped caller reaches only", async () => {
      // The 1,000 tenants seeded above: each with 10 + i % 13 executions an
      // hour ago, 40 two days ago and 50,000 tokens two days ago.
      const summary = async (who: string) => {
        const res = await request(backend.server)
          .get('/api/platform-health/metrics/summary?period=7d')
          .set('Authorization', mockCredentials.user.header(who));
        expect(res.status).toBe(200);
        return res.body.summary;
      };
      let executions = 0;
      for (let i = 0; i < 1000; i++) executions += 10 + (i % 13) + 40;
      expect(await summary('user:default/ada')).toMatchObject({
        total_executions: executions,
        total_tokens: 1000 * 50_000,
      });

      // A role with the dashboard permission, held in one tenant only.
      const admin = mockCredentials.user.header('user:default/ada');
      const rbac = (method: 'post' | 'put', path: string, body?: object) =>
        request(backend.server)
          [method](`/api/rbac${path}`)
          .set('Authorization', admin)
          .send(body)
          .expect(res => {
            if (res.status >= 300) throw new Error(`${path}: ${res.text}`);
          });
      await rbac('post', '/roles', {
        name: 'tenant-health',
        description: 'Test role',
      });
      await rbac(
        'put',
        '/roles/tenant-health/grants/platform-health.dashboard.read',
      );
      const tenant = seededTenant(3);
      await rbac(
        'put',
        `/roles/tenant-health/members/${encodeURIComponent(
          `user:default/tina@${tenant}`,
        )}`,
      );
      expect(await summary('user:default/tina')).toMatchObject({
        total_executions: 10 + 3 + 40,
        total_tokens: 50_000,
      });
    });
  });
});

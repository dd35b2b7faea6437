import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  portalHttpRouterServiceFactory,
  RequestMetrics,
  requestMetricsServiceRef,
} from '@controlplane/backend-common';
import {
  createMockAuditor,
  createPortalTestDatabases,
  queriesDuring,
} from '@controlplane/test-utils';
import { startBackendWithRbac } from '@controlplane/test-utils/rbac';
import { Knex } from 'knex';
import request from 'supertest';
import platformHealthPlugin from '../index';
import { bindPlatformHealthStores } from '../database/stores';
import { MetricsFlusher } from './MetricsFlusher';
import { rollUpRequestMetrics } from './rollUp';

jest.setTimeout(120_000);

/**
 * A plugin like Backstage's app plugin, which serves the frontend's page
 * for every path it does not know: it has no scheduled tasks.
 */
const webPagePlugin = createBackendPlugin({
  pluginId: 'web',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        httpRouter.use((_req, res) => {
          res.type('html').send('<!doctype html><title>Portal</title>');
        });
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
      },
    });
  },
});

type Backend = Awaited<ReturnType<typeof startBackendWithRbac>>;

const PLUGIN_ID = 'platform-health';

/**
 * Through the real router, the real permission backend and the RBAC policy,
 * on SQLite and PostgreSQL: ada is a platform admin, tina holds the
 * dashboard permission scoped to acme, dev has no platform-health grant.
 */
describe('platform-health request metrics', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let backend: Backend;
    let knex: Knex;
    const ownMetrics = new RequestMetrics();

    const get = (who: string, path: string) =>
      request(backend.server)
        .get(`/api/platform-health${path}`)
        .set(
          'Authorization',
          mockCredentials.user.header(`user:default/${who}`),
        );

    beforeAll(async () => {
      backend = await startBackendWithRbac({
        databases,
        databaseId,
        features: [
          platformHealthPlugin,
          webPagePlugin,
          createMockAuditor().auditor.factory,
          portalHttpRouterServiceFactory,
          // Backstage's scheduler with its task API, as in the real backend.
          schedulerServiceFactory,
          createServiceFactory({
            service: requestMetricsServiceRef,
            deps: {},
            factory: () => ownMetrics,
          }),
        ],
        pluginDatabases: [PLUGIN_ID],
        initialMembers: {
          'platform-admin': ['user:default/ada'],
          developer: ['user:default/dev'],
        },
        catalogUsers: ['ada', 'tina', 'dev'],
        keepOboActor: true,
        config: {
          platformHealth: { requestMetrics: { flushSeconds: 3600 } },
        },
      });
      knex = backend.knex[PLUGIN_ID];
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
        `/roles/tenant-health/grants/platform-health.dashboard.read`,
      );
      await rbac(
        'put',
        `/roles/tenant-health/members/${encodeURIComponent(
          'user:default/tina@acme',
        )}`,
      );
    });

    afterAll(async () => {
      await backend?.stop();
    });

    it('adds up the minutes of two instances and answers rate, 5xx ratio and percentiles per route, tenant and plugin', async () => {
      const stores = bindPlatformHealthStores(knex);
      const now = Date.now();
      const minuteAgo = now - 60_000;
      const [a, b] = [new RequestMetrics(), new RequestMetrics()];
      const sample = (
        instance: RequestMetrics,
        status: number,
        durationMs: number,
        tenant?: string,
      ) =>
        instance.record({
          at: minuteAgo,
          plugin: 'shop',
          route: 'GET /orders/:id',
          status,
          durationMs,
          tenant,
        });
      // A: 60 fast acme requests; B: 30 acme + 10 globex, 4 of them 5xx
      // and slow.
      for (let i = 0; i < 60; i++) sample(a, 200, 4, 'acme');
      for (let i = 0; i < 30; i++) sample(b, 200, 8, 'acme');
      for (let i = 0; i < 6; i++) sample(b, 200, 20, 'globex');
      for (let i = 0; i < 4; i++) sample(b, 503, 3000, 'globex');
      const logger = mockServices.logger.mock();
      await Promise.all(
        [a, b].map(metrics =>
          new MetricsFlusher({ metrics, stores, logger }).flush(),
        ),
      );

      const byRoute = await get('ada', '/metrics/requests?plugin=shop');
      expect(byRoute.status).toBe(200);
      expect(byRoute.body.window).toBe('1h');
      expect(byRoute.body.groups).toEqual([
        {
          plugin: 'shop',
          route: 'GET /orders/:id',
          requests: 100,
          ratePerMinute: 1.667,
          errors: 4,
          errorRatio: 0.04,
          // 60 of 100 are <= 5 ms: the median lies in the first bucket.
          p50Ms: expect.closeTo(4.2, 1),
          // The 95th is among the 6 requests of 10-25 ms.
          p95Ms: expect.closeTo(22.5, 1),
        },
      ]);
      expect(byRoute.body.totals).toMatchObject({ requests: 100, errors: 4 });

      const byTenant = await get(
        'ada',
        '/metrics/requests?plugin=shop&by=tenant',
      );
      expect(
        byTenant.body.groups.map((g: any) => [g.tenant, g.requests, g.errors]),
      ).toEqual([
        ['acme', 90, 0],
        ['globex', 10, 4],
      ]);

      // Tenant-scoped: acme's requests only, totals included.
      const scoped = await get(
        'tina',
        '/metrics/requests?plugin=shop&by=tenant',
      );
      expect(scoped.status).toBe(200);
      expect(scoped.body.groups.map((g: any) => g.tenant)).toEqual(['acme']);
      expect(scoped.body.totals).toMatchObject({ requests: 90, errors: 0 });
      expect(
        (await get('tina', '/metrics/requests?plugin=shop&by=route')).body
          .groups[0].requests,
      ).toBe(90);

      // Older than the window: not in the hour, in the day.
      await stores.requestMetrics.add([
        {
          minute: new Date(now - 3 * 3_600_000).toISOString(),
          plugin: 'shop',
          route: 'GET /orders/:id',
          statusClass: '2xx',
          tenant: 'acme',
          app: '',
          count: 50,
          durationSumMs: 50,
          buckets: [50, ...new Array(13).fill(0)],
        },
      ]);
      expect(
        (await get('ada', '/metrics/requests?plugin=shop')).body.totals
          .requests,
      ).toBe(100);
      expect(
        (await get('ada', '/metrics/requests?plugin=shop&window=24h')).body
          .totals.requests,
      ).toBe(150);
      expect(
        await stores.requestMetrics.purge(
          new Date(now - 2 * 3_600_000).toISOString(),
        ),
      ).toBe(1);
    });

    it('rolls the minutes up into hours once, and answers the executive summary, time series and error analytics over both', async () => {
      const stores = bindPlatformHealthStores(knex);
      // Only this test's rows (the instance's own requests are stored at
      // its stop: flushSeconds is an hour here).
      for (const table of [
        'request_metrics',
        'request_metrics_hourly',
        'request_metrics_rollup',
      ]) {
        await knex(table).delete();
      }
      const HOUR = 3_600_000;
      const now = Date.now();
      const thisHour = now - (now % HOUR);
      const group = (
        hoursAgo: number,
        statusClass: string,
        count: number,
        extra: { tenant?: string; app?: string; ms?: number } = {},
      ) => ({
        minute: new Date(thisHour - hoursAgo * HOUR + 60_000).toISOString(),
        plugin: 'exec',
        route: 'GET /runs',
        statusClass,
        tenant: extra.tenant ?? 'acme',
        app: extra.app ?? '',
        count,
        durationSumMs: count * (extra.ms ?? 10),
        // Every request in the 5-10 ms bucket.
        buckets: [0, count, ...new Array(12).fill(0)],
      });
      // Last week (previous 7 days): 100 requests, 10 server errors.
      await stores.requestMetrics.add([
        group(24 * 7 + 5, '2xx', 90),
        group(24 * 7 + 5, '5xx', 10),
        // This week: 3 days ago (rolled up) and 2 hours ago (minutes).
        group(72, '2xx', 150),
        group(72, '429', 20, { app: 'acme-sync' }),
        group(2, '2xx', 45, { tenant: 'globex' }),
        group(2, '5xx', 5, { app: 'acme-sync' }),
        group(2, '4xx', 30, { app: 'globex-sync', tenant: 'globex' }),
      ]);
      const options = {
        now: new Date(now),
        retentionHours: 48,
        hourlyRetentionDays: 90,
      };
      const first = await rollUpRequestMetrics(stores, options);
      expect(first.hourlyGroups).toBeGreaterThan(0);
      // The minutes of the two old hours went; those of 2 hours ago stay.
      expect(first.minutesPurged).toBe(4);
      // Again: nothing more is rolled up or counted twice.
      expect((await rollUpRequestMetrics(stores, options)).hourlyGroups).toBe(
        0,
      );

      const summary = await get('ada', '/metrics/summary?period=7d');
      expect(summary.status).toBe(200);
      expect(summary.body.summary).toMatchObject({
        total_requests: 250,
        // 5 server errors of 250.
        error_rate: 0.02,
        success_rate: 0.98,
        avg_latency_ms: 10,
        rate_limited: 20,
      });
      expect(summary.body.trends).toEqual({
        requests: '+150%',
        latency: '0%',
        error_rate: '-80%',
        // No billing plugin in this backend: no usage, not zero usage.
        executions: 'n/a',
        tokens: 'n/a',
      });
      expect(summary.body.summary).toMatchObject({
        total_executions: null,
        total_tokens: null,
      });
      const noBilling = await get(
        'ada',
        '/metrics/timeseries?metric=executions&period=7d',
      );
      expect(noBilling.status).toBe(503);
      expect(noBilling.body.error.message).toContain('billing');

      const series = await get(
        'ada',
        '/metrics/timeseries?metric=requests&period=7d&interval=1d&plugin=exec',
      );
      expect(series.status).toBe(200);
      expect(series.body.data).toHaveLength(7);
      expect(
        series.body.data.reduce(
          (sum: number, point: { value: number }) => sum + point.value,
          0,
        ),
      ).toBe(250);
      const hourly = await get(
        'ada',
        '/metrics/timeseries?metric=errors&period=24h&interval=1h&plugin=exec',
      );
      expect(hourly.body.data).toHaveLength(24);
      // The buckets run back from now: which one holds the minute 2 hours
      // ago depends on the minute the test runs (index 22 in an hour's
      // first minute, else 21); exactly one holds the 5 errors.
      const withErrors = hourly.body.data.filter(
        (point: { value: number }) => point.value > 0,
      );
      expect(withErrors).toEqual([expect.objectContaining({ value: 5 })]);
      expect([21, 22]).toContain(hourly.body.data.indexOf(withErrors[0]));

      const errors = await get('ada', '/metrics/errors?period=7d');
      expect(errors.body).toMatchObject({
        total_errors: 55,
        by_type: [
          { type: 'client_error', count: 30, percentage: 54.5 },
          { type: 'rate_limit', count: 20, percentage: 36.4 },
          { type: 'server_error', count: 5, percentage: 9.1 },
        ],
        by_app: [
          { app: 'globex-sync', errors: 30 },
          { app: 'acme-sync', errors: 25 },
        ],
      });

      // acme's owner: acme's requests only.
      const scoped = await get('tina', '/metrics/summary?period=7d');
      expect(scoped.body.summary.total_requests).toBe(175);
      const scopedErrors = await get('tina', '/metrics/errors?period=7d');
      expect(scopedErrors.body.by_app).toEqual([
        { app: 'acme-sync', errors: 25 },
      ]);
      expect((await get('dev', '/metrics/summary')).status).toBe(403);
      expect((await get('ada', '/metrics/timeseries?metric=nope')).status).toBe(
        400,
      );
    });

    it('refuses callers without the permission and bad parameters', async () => {
      expect((await get('dev', '/metrics/requests')).status).toBe(403);
      expect((await get('nobody', '/metrics/requests')).status).toBe(403);
      // The test backend's default caller: a user without any role.
      expect(
        (
          await request(backend.server).get(
            '/api/platform-health/metrics/requests',
          )
        ).status,
      ).toBe(403);
      for (const query of ['window=2h', 'by=user', 'plugin=%00', 'plugin=A']) {
        const res = await get('ada', `/metrics/requests?${query}`);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toBeTruthy();
      }
    });

    it('answers the overview: platform-wide for an admin, cached, scoped for a tenant-scoped role, refused without the permission', async () => {
      const first = await get('ada', '/overview');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        scope: 'platform',
        cached: false,
        unavailable: [],
        platform_health: {
          api: { status: expect.stringMatching(/^(ok|warn|critical)$/) },
          db: {
            client: databaseId === 'SQLITE_3' ? 'sqlite' : 'pg',
            size_bytes: expect.any(Number),
          },
        },
        tenants: { total: 0 },
      });
      // Backstage's scheduler reports this plugin's own purge task.
      expect(first.body.platform_health.jobs).toContainEqual(
        expect.objectContaining({
          plugin: 'platform-health',
          name: 'platform-health-request-metrics-rollup',
        }),
      );
      // No source plugin is installed in this backend: no such sections.
      expect(first.body.revenue).toBeUndefined();
      expect(first.body.incidents).toBeUndefined();

      // Kept for the scope until the sources are replaced: no SQL at all.
      const { queries, result: second } = await queriesDuring(knex, () =>
        get('ada', '/overview'),
      );
      expect(queries).toEqual([]);
      expect(second.body.cached).toBe(true);
      expect(second.body.sources_loaded_at).toBe(first.body.sources_loaded_at);
      expect(second.body.tenants).toEqual(first.body.tenants);

      const scoped = await get('tina', '/overview');
      expect(scoped.status).toBe(200);
      expect(scoped.body.scope).toBe('tenants');
      expect(scoped.body.platform_health.db).toBeUndefined();
      expect(scoped.body.platform_health.jobs).toBeUndefined();

      // One tenant's health page: in reach, or a 404 like a missing one.
      const acme = await get('tina', '/overview?tenant=acme');
      expect(acme.status).toBe(200);
      expect(acme.body.scope).toBe('tenant');
      expect((await get('tina', '/overview?tenant=globex')).status).toBe(404);
      expect((await get('ada', '/overview?tenant=globex')).body.scope).toBe(
        'tenant',
      );
      expect((await get('ada', '/overview?tenant=Bad!')).status).toBe(400);

      expect((await get('dev', '/overview')).status).toBe(403);
    });

    it("counts the backend's own requests through the plugin router, stored when the instance stops", async () => {
      expect((await get('ada', '/metrics/requests')).status).toBe(200);
      expect((await get('dev', '/metrics/requests')).status).toBe(403);
      const drained = ownMetrics.drain({ all: true });
      const routes = drained
        .filter(r => r.plugin === 'platform-health')
        .map(r => `${r.route} ${r.statusClass}`);
      expect(routes).toEqual(
        expect.arrayContaining([
          'GET /metrics/requests 2xx',
          'GET /metrics/requests 4xx',
        ]),
      );
      ownMetrics.restore(drained);
      await backend.stop();
      const stored = await knex('request_metrics')
        .where({ plugin: 'platform-health', route: 'GET /metrics/requests' })
        .sum({ count: 'count' });
      expect(Number(stored[0].count)).toBeGreaterThanOrEqual(2);
    });
  });
});

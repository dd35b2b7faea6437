import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import Router from 'express-promise-router';
import request from 'supertest';
import { metrics as otelMetrics } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { portalHttpRouterServiceFactory } from './portalHttpRouter';
import { attachAppPrincipal } from './requestPrincipal';
import {
  REQUEST_DURATION_BUCKETS_MS,
  RequestMetrics,
  requestMetricsServiceRef,
} from './requestMetrics';

const shopPlugin = createBackendPlugin({
  pluginId: 'shop',
  register(reg) {
    reg.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        const router = Router();
        router.get('/tenants/:tenant/orders/:id', async (req, res) => {
          res.json({ id: req.params.id });
        });
        router.post('/events', async (req, res) => {
          attachAppPrincipal(req, {
            type: 'app',
            appId: 'a1',
            appName: 'acme-sync',
            credentialId: 'c1',
            clientId: 'cp_live_x',
            scopes: [],
            tenants: ['acme'],
          });
          res.status(202).end();
        });
        router.get('/fail', async () => {
          throw new Error('a bug');
        });
        httpRouter.use(router);
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
      },
    });
  },
});

/** A reader that collects the meter's figures when the test asks. */
class CollectingReader extends MetricReader {
  protected async onShutdown() {}
  protected async onForceFlush() {}
}

describe('request metrics', () => {
  it("hands every request to OpenTelemetry's meter for Prometheus, per plugin, route and status class", async () => {
    const reader = new CollectingReader();
    const provider = new MeterProvider({ readers: [reader] });
    otelMetrics.setGlobalMeterProvider(provider);
    try {
      const recorder = new RequestMetrics();
      for (const status of [200, 200, 503, 429]) {
        recorder.record({
          at: Date.now(),
          plugin: 'shop',
          route: 'GET /orders/:id',
          status,
          durationMs: 20,
        });
      }
      const { resourceMetrics } = await reader.collect();
      const histogram = resourceMetrics.scopeMetrics
        .flatMap(scope => scope.metrics)
        .find(
          metric => metric.descriptor.name === 'portal.plugin.request.duration',
        );
      expect(
        histogram?.dataPoints
          .map(point => [
            point.attributes.status_class,
            (point.value as { count: number }).count,
          ])
          .sort(),
      ).toEqual([
        ['2xx', 2],
        ['429', 1],
        ['5xx', 1],
      ]);
      expect(histogram?.dataPoints[0].attributes).toMatchObject({
        plugin: 'shop',
        route: 'GET /orders/:id',
      });
    } finally {
      otelMetrics.disable();
      await provider.shutdown();
    }
  });

  it("counts every request of a plugin per route template, status class, tenant and app, without the request's own ids", async () => {
    const metrics = new RequestMetrics();
    const { server } = await startTestBackend({
      features: [
        portalHttpRouterServiceFactory,
        createServiceFactory({
          service: requestMetricsServiceRef,
          deps: {},
          factory: () => metrics,
        }),
        shopPlugin,
      ],
    });
    for (const id of ['1', '2', '3']) {
      expect(
        (await request(server).get(`/api/shop/tenants/acme/orders/${id}`))
          .status,
      ).toBe(200);
    }
    await request(server).post('/api/shop/events');
    expect((await request(server).get('/api/shop/fail')).status).toBe(500);
    // Any path: one "unmatched" row, whatever was asked.
    await request(server).get('/api/shop/x1');
    await request(server).get('/api/shop/x2');

    const rows = metrics
      .drain({ all: true })
      .map(r => [r.route, r.statusClass, r.tenant, r.app, r.count])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(rows).toEqual([
      ['GET (unmatched)', '4xx', '', '', 2],
      ['GET /fail', '5xx', '', '', 1],
      ['GET /tenants/:tenant/orders/:id', '2xx', 'acme', '', 3],
      ['POST /events', '2xx', 'acme', 'acme-sync', 1],
    ]);
    expect(metrics.drain({ all: true })).toEqual([]);
  });

  it('counts nothing with portal.requestMetrics.enabled false (the benchmark baseline)', async () => {
    const metrics = new RequestMetrics();
    const { server } = await startTestBackend({
      features: [
        portalHttpRouterServiceFactory,
        createServiceFactory({
          service: requestMetricsServiceRef,
          deps: {},
          factory: () => metrics,
        }),
        mockServices.rootConfig.factory({
          data: { portal: { requestMetrics: { enabled: false } } },
        }),
        shopPlugin,
      ],
    });
    expect(
      (await request(server).get('/api/shop/tenants/acme/orders/1')).status,
    ).toBe(200);
    expect(metrics.drain({ all: true })).toEqual([]);
  });

  it('keeps finished minutes for the drain, fills the duration buckets and bounds the keys of a minute', () => {
    const metrics = new RequestMetrics();
    const minute = Date.parse('2026-12-05T10:00:00Z');
    const sample = (at: number, durationMs: number, tenant?: string) =>
      metrics.record({
        at,
        plugin: 'p',
        route: 'GET /x',
        status: 200,
        durationMs,
        tenant,
      });
    sample(minute + 1_000, 3);
    sample(minute + 2_000, 7);
    sample(minute + 3_000, 60_000);
    sample(minute + 61_000, 1);
    const finished = metrics.drain({ now: minute + 61_500 });
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({
      minute: '2026-12-05T10:00:00.000Z',
      count: 3,
      durationSumMs: 60_010,
    });
    expect(finished[0].buckets).toHaveLength(
      REQUEST_DURATION_BUCKETS_MS.length + 1,
    );
    expect(finished[0].buckets[0]).toBe(1);
    expect(finished[0].buckets[1]).toBe(1);
    expect(finished[0].buckets[REQUEST_DURATION_BUCKETS_MS.length]).toBe(1);
    // The current minute stays until it is over.
    expect(metrics.drain({ now: minute + 61_500 })).toEqual([]);
    expect(metrics.drain({ now: minute + 120_000 })).toHaveLength(1);

    // A failed store puts its rollups back, added to what came since.
    sample(minute + 130_000, 2);
    const failed = metrics.drain({ all: true });
    sample(minute + 140_000, 2);
    metrics.restore(failed);
    expect(metrics.drain({ all: true })).toEqual([
      expect.objectContaining({ minute: '2026-12-05T10:02:00.000Z', count: 2 }),
    ]);

    // Undrained minutes are forgotten after a quarter of an hour.
    sample(minute + 1_000, 1);
    sample(minute + 16 * 60_000, 1);
    expect(metrics.drain({ all: true }).map(r => r.minute)).toEqual([
      '2026-12-05T10:16:00.000Z',
    ]);

    for (let i = 0; i < 25_000; i++) sample(minute + 200_000, 1, `t${i}`);
    const bounded = metrics.drain({ all: true });
    expect(bounded.length).toBeLessThanOrEqual(20_001);
    expect(bounded.reduce((sum, r) => sum + r.count, 0)).toBe(25_000);
    expect(bounded.find(r => r.tenant === '')?.count).toBe(5_000);
  });
});

/*
 * The cost of request metrics: two instances of the production build on one
 * PostgreSQL and Redis (packages/scale-out), the same permission-checked
 * endpoint (GET /api/tenants/tenants as a platform admin, through the RBAC
 * policy) loaded by autocannon on each in turn:
 *   - "instrumented": OpenTelemetry (instrumentation.js: HTTP and Express
 *     instrumentations, Prometheus exporter) and the portal's per-plugin
 *     request metrics, as production runs;
 *   - "baseline": the same process without either (PORTAL_METRICS=off,
 *     portal.requestMetrics.enabled=false).
 * Phases alternate (baseline, instrumented, baseline, instrumented) so
 * drift of the machine weighs on both; prints the table and the ratio of
 * the instrumented rate to the baseline's (the aim: >= 0.9).
 */
import { PortalCluster } from '../packages/scale-out/src';
import { Caller } from '../packages/scale-out/src/harness/api';
import { envInt } from './lib';
import { load, Phase, printPhases, rateOf } from './phases';

const CONNECTIONS = 20;

async function main() {
  const seconds = envInt('METRICS_BENCH_SECONDS', 10);
  const cluster = await PortalCluster.create();
  try {
    const instrumented = await cluster.addInstance('instrumented');
    await instrumented.start();
    const baseline = await cluster.addInstance('baseline', {
      PORTAL_METRICS: 'off',
      PORTAL_REQUEST_METRICS: 'false',
    });
    await baseline.start();
    const admin = new Caller(
      instrumented,
      await Caller.userToken(instrumented, 'ada'),
    );
    for (const tenant of ['acme', 'globex', 'initech']) {
      await admin.ok('POST', '/api/tenants/tenants', {
        name: tenant,
        domain: `${tenant}.example.com`,
        plan: 'professional',
        ownerEmail: `owner@${tenant}.example.com`,
      });
    }
    const token = await Caller.userToken(instrumented, 'ada');
    const requests = () => [
      {
        method: 'GET' as const,
        path: '/api/tenants/tenants',
        headers: { authorization: `Bearer ${token}` },
      },
    ];
    // Both instances warm (JIT, pools, permission caches) before measuring.
    for (const instance of [baseline, instrumented]) {
      await load('warm-up', [instance], 3, requests, CONNECTIONS);
    }
    const phases: Phase[] = [];
    for (let round = 1; round <= 2; round++) {
      for (const instance of [baseline, instrumented]) {
        phases.push(
          await load(
            `${instance.name} ${round}`,
            [instance],
            seconds,
            requests,
            CONNECTIONS,
          ),
        );
      }
    }
    printPhases(phases);
    const rate = (name: string) =>
      phases
        .filter(phase => phase.name.startsWith(name))
        .reduce((sum, phase) => sum + rateOf(phase), 0) / 2;
    const instrumentedRate = rate('instrumented');
    const baselineRate = rate('baseline');
    console.log(
      `GET /api/tenants/tenants: instrumented ${Math.round(
        instrumentedRate,
      )} req/s, baseline ${Math.round(baselineRate)} req/s, ratio ${(
        instrumentedRate / baselineRate
      ).toFixed(2)} (aim >= 0.9)`,
    );
    const metrics = await (
      await fetch(`http://127.0.0.1:${instrumented.metricsPort}/metrics`)
    ).text();
    const exported = metrics
      .split('\n')
      .find(
        line =>
          line.startsWith('http_server_request_duration_count{') &&
          line.includes('http_route="/api/tenants/tenants"'),
      );
    console.log(`Prometheus: ${exported ?? 'no series for the route'}`);
  } finally {
    await cluster.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});

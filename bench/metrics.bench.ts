/*
 * The cost of request metrics: two instances of the production build on one
 * PostgreSQL and Redis (packages/scale-out), the same permission-checked
 * endpoint (GET /api/tenants/tenants as a platform admin, through the RBAC
 * policy) loaded by autocannon on each in turn:
 *   - "instrumented": OpenTelemetry (instrumentation.js: the HTTP
 *     instrumentation, Prometheus exporter) and the portal's per-plugin
 *     request metrics (also handed to OpenTelemetry), as production runs;
 *   - "portal-only": the portal's request metrics without OpenTelemetry
 *     (PORTAL_METRICS=off), to tell the two costs apart;
 *   - "baseline": the same process without either (PORTAL_METRICS=off,
 *     portal.requestMetrics.enabled=false).
 * Phases alternate (baseline, portal-only, instrumented, twice) so drift
 * of the machine weighs on all; prints the table and the ratios to the
 * baseline's rate (the aim for "instrumented": >= 0.9).
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
    const portalOnly = await cluster.addInstance('portal-only', {
      PORTAL_METRICS: 'off',
    });
    await portalOnly.start();
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
    const instances = [baseline, portalOnly, instrumented];
    for (const instance of instances) {
      await load('warm-up', [instance], 3, requests, CONNECTIONS);
    }
    const phases: Phase[] = [];
    for (let round = 1; round <= 2; round++) {
      for (const instance of instances) {
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
    const baselineRate = rate('baseline');
    for (const name of ['portal-only', 'instrumented']) {
      console.log(
        `GET /api/tenants/tenants: ${name} ${Math.round(
          rate(name),
        )} req/s, baseline ${Math.round(baselineRate)} req/s, ratio ${(
          rate(name) / baselineRate
        ).toFixed(2)}${name === 'instrumented' ? ' (aim >= 0.9)' : ''}`,
      );
    }
    const metrics = await (
      await fetch(`http://127.0.0.1:${instrumented.metricsPort}/metrics`)
    ).text();
    const exported = metrics
      .split('\n')
      .find(
        line =>
          line.startsWith('portal_plugin_request_duration_count{') &&
          line.includes('route="GET /tenants"'),
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

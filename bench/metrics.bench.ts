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
 * Rounds (METRICS_BENCH_ROUNDS, default 5) load each instance once in a
 * rotating order; prints the table, each round's ratios to the baseline's
 * rate and their median (the aim for "instrumented": >= 0.9).
 */
import { PortalCluster } from '../packages/scale-out/src';
import { Caller } from '../packages/scale-out/src/harness/api';
import { envInt } from './lib';
import { load, Phase, printPhases, rateOf } from './phases';

const CONNECTIONS = 20;

async function main() {
  const seconds = envInt('METRICS_BENCH_SECONDS', 10);
  const rounds = envInt('METRICS_BENCH_ROUNDS', 5);
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
    // Each round loads every instance once, in an order that rotates, so
    // no variant always runs first or after the same one; the ratios are
    // taken within each round and their median reported, as the machine's
    // speed drifts from round to round more than between neighbours.
    const phases: Phase[] = [];
    const ratios: Record<string, number[]> = {
      'portal-only': [],
      instrumented: [],
    };
    for (let round = 1; round <= rounds; round++) {
      const order = instances.map(
        (_, i) => instances[(i + round - 1) % instances.length],
      );
      const rates = new Map<string, number>();
      for (const instance of order) {
        const phase = await load(
          `${instance.name} ${round}`,
          [instance],
          seconds,
          requests,
          CONNECTIONS,
        );
        phases.push(phase);
        rates.set(instance.name, rateOf(phase));
      }
      for (const name of Object.keys(ratios)) {
        ratios[name].push(rates.get(name)! / rates.get('baseline')!);
      }
    }
    printPhases(phases);
    const median = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const middle = Math.floor(sorted.length / 2);
      return sorted.length % 2
        ? sorted[middle]
        : (sorted[middle - 1] + sorted[middle]) / 2;
    };
    for (const [name, values] of Object.entries(ratios)) {
      console.log(
        `GET /api/tenants/tenants: ${name} / baseline per round ${values
          .map(value => value.toFixed(2))
          .join(', ')}; median ${median(values).toFixed(2)}${
          name === 'instrumented' ? ' (aim >= 0.9)' : ''
        }`,
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

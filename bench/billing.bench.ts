/*
 * Billing throughput on PostgreSQL with one instance of the production build
 * (packages/scale-out: private PostgreSQL and Redis, production config):
 *   - ingestion through the REST API (`POST /api/billing/events`, an app
 *     credential) in batches of 100 and 1,000, 4 requests in flight, next to
 *     a raw knex multi-row insert of the same rows into a table with the same
 *     columns and indexes (no duplicate check, no aggregates), also 4 at a
 *     time, in the same run; prints events/s and the ratio;
 *   - the usage summary's latency (`GET /api/billing/tenants/{t}/usage` and
 *     the per-day breakdown) over BILLING_BENCH_BULK events (default
 *     5,000,000), written with INSERT ... SELECT and aggregated the way
 *     ingestion does; prints p50/p95/p99 of 200 sequential requests.
 */
import { PortalCluster } from '../packages/scale-out/src';
import { Caller } from '../packages/scale-out/src/harness/api';
import { pluginDatabase } from '../packages/scale-out/src/harness/database';
import { addBillingRollups, envInt, percentile } from './lib';

const IN_FLIGHT = 4;

/** Runs `work(i)` for i < count with `IN_FLIGHT` at a time; seconds taken. */
async function timed(count: number, work: (i: number) => Promise<void>) {
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) await work(next++);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const period = new Date().toISOString().slice(0, 7);

function events(prefix: string, count: number) {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`,
    tenant: 'acme',
    type: i % 3 === 0 ? 'tokens' : i % 3 === 1 ? 'api_call' : 'executions',
    quantity: (i % 100) + 1,
    timestamp: new Date(now - (i % 3600) * 1000).toISOString(),
    ...(i % 3 === 0 ? { model: i % 2 ? 'gpt-4' : 'claude-3-haiku' } : {}),
    agent: `agent-${i % 5}`,
  }));
}

async function main() {
  const total = envInt('BILLING_BENCH_EVENTS', 20_000);
  const bulk = envInt('BILLING_BENCH_BULK', 5_000_000);
  const cluster = await PortalCluster.create();
  try {
    const [A] = await cluster.startInstances(['A']);
    const admin = new Caller(A, await Caller.userToken(A, 'ada'));
    await admin.ok('POST', '/api/tenants/tenants', {
      name: 'acme',
      domain: 'acme.example.com',
      plan: 'professional',
      ownerEmail: 'owner@acme.example.com',
    });
    const app = await admin.ok('POST', '/api/apps/apps', {
      name: 'billing-bench-app',
      environment: 'production',
      owner: 'group:default/team-apps',
      tenants: ['acme'],
    });
    await admin.ok('PUT', `/api/apps/apps/${app.id}/rate-limits`, {
      rules: [
        {
          routePattern: '/api/billing/*',
          limitPerMinute: 1_000_000,
          burst: 100_000,
        },
      ],
    });
    const { token } = await admin.ok(
      'POST',
      `/api/apps/apps/${app.id}/api-keys`,
      {
        name: 'bench-key',
        scopes: ['billing:write'],
      },
    );
    const appCaller = new Caller(A, token);
    const db = pluginDatabase(cluster.postgres.url, 'billing');
    try {
      // Wait until billing knows acme (tenant events).
      for (;;) {
        if (await db('billing_tenants').where({ tenant: 'acme' }).first())
          break;
        await new Promise(resolve => setTimeout(resolve, 200));
      }
      await db.raw(
        'CREATE TABLE bench_raw_events (LIKE billing_events INCLUDING DEFAULTS INCLUDING INDEXES)',
      );
      const rows: string[] = [];
      for (const batch of [100, 1000]) {
        const api = events(`api-${batch}`, total);
        const apiSeconds = await timed(total / batch, async i => {
          const answer = await appCaller.post('/api/billing/events', {
            events: api.slice(i * batch, (i + 1) * batch),
          });
          if (answer.status !== 200 || answer.body.created.length !== batch) {
            throw new Error(
              `ingestion answered ${answer.status}: ${JSON.stringify(
                answer.body,
              ).slice(0, 300)}`,
            );
          }
        });
        const raw = events(`raw-${batch}`, total).map((event, i) => ({
          seq: 10_000_000 * batch + i,
          source: `app:${app.id}`,
          event_id: event.id,
          tenant: event.tenant,
          period,
          type: event.type,
          quantity: event.quantity,
          model: event.model ?? null,
          agent: event.agent,
          app: 'billing-bench-app',
          properties: null,
          occurred_at: event.timestamp,
          recorded_at: new Date().toISOString(),
        }));
        const rawSeconds = await timed(total / batch, async i => {
          await db('bench_raw_events').insert(
            raw.slice(i * batch, (i + 1) * batch),
          );
        });
        const apiRate = total / apiSeconds;
        const rawRate = total / rawSeconds;
        rows.push(
          `batch ${batch}: REST ${Math.round(
            apiRate,
          )} events/s, raw insert ${Math.round(rawRate)} events/s, ratio ${(
            apiRate / rawRate
          ).toFixed(3)}`,
        );
      }

      // The summary over a large tenant, aggregated as ingestion does.
      await db('billing_tenants').insert({
        tenant: 'bulk',
        plan: 'enterprise',
        status: 'active',
        updated_at: new Date().toISOString(),
      });
      const fillStarted = Date.now();
      await db.raw(
        `INSERT INTO billing_events (source, event_id, tenant, period, type, quantity, model, agent, app, occurred_at, recorded_at)
         SELECT 'service:bench', 'bulk-' || g, 'bulk', ?, (ARRAY['tokens','api_call','executions','storage_gb'])[1 + g % 4],
                1 + g % 50, CASE WHEN g % 4 = 0 THEN (ARRAY['gpt-4','claude-3-haiku','claude-3-opus'])[1 + g % 3] END,
                'agent-' || (g % 20), 'app-' || (g % 7),
                date_trunc('month', now()) + ((g % (24 * 25)) || ' hours')::interval, now()
         FROM generate_series(1, ?) AS g`,
        [period, bulk],
      );
      await db.raw(
        `INSERT INTO billing_usage_hourly (tenant, period, hour, app, agent, type, model, quantity, events)
         SELECT tenant, period, date_trunc('hour', occurred_at), coalesce(app, ''), coalesce(agent, ''), type, coalesce(model, ''), sum(quantity), count(*)
         FROM billing_events WHERE tenant = 'bulk' GROUP BY 1, 2, 3, 4, 5, 6, 7`,
      );
      await addBillingRollups(db, 'bulk');
      await db.raw('ANALYZE');
      const fillSeconds = (Date.now() - fillStarted) / 1000;
      const user = admin;
      const latencies = async (path: string) => {
        const times: number[] = [];
        for (let i = 0; i < 220; i++) {
          const started = process.hrtime.bigint();
          await user.ok('GET', path);
          if (i >= 20)
            times.push(Number(process.hrtime.bigint() - started) / 1e6);
        }
        times.sort((a, b) => a - b);
        return `p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(
          times,
          95,
        ).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms`;
      };
      rows.push(
        `filled ${bulk} events for tenant bulk (and their hourly aggregates) in ${fillSeconds.toFixed(
          0,
        )} s`,
      );
      rows.push(
        `GET /tenants/bulk/usage: ${await latencies(
          '/api/billing/tenants/bulk/usage',
        )}`,
      );
      rows.push(
        `GET /tenants/bulk/usage/details?groupBy=day: ${await latencies(
          '/api/billing/tenants/bulk/usage/details?groupBy=day',
        )}`,
      );
      for (const row of rows) console.log(row);
    } finally {
      await db.destroy();
    }
  } finally {
    await cluster.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});

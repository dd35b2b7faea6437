/*
 * Load test of two backend instances (the production build, on a private
 * PostgreSQL and Redis, see packages/scale-out) with autocannon: mixed
 * traffic for LOAD_BENCH_SECONDS (default 60) over both, next to baselines
 * measured in the same run (the health endpoint, and the same mix on one
 * instance). Prints the figures; exits 1 only if the audit chain or the
 * acknowledged writes do not check out afterwards.
 */
import autocannon from 'autocannon';
import { PortalCluster } from '../packages/scale-out/src';
import { PortalInstance } from '../packages/scale-out/src/harness/PortalInstance';
import { appEvent, Caller } from '../packages/scale-out/src/harness/api';
import {
  assertLinearChain,
  pluginDatabase,
  storedEventCounts,
} from '../packages/scale-out/src/harness/database';
import { envInt } from './lib';
import { load, Phase, printPhases } from './phases';

interface Mix {
  userToken: string;
  appToken: string;
  /** Event ids that got a 2xx, filled while the load runs. */
  acknowledged: string[];
  patches: { acknowledged: number };
}

let eventNumber = 0;

function mixedRequests(mix: Mix): autocannon.Request[] {
  const user = { authorization: `Bearer ${mix.userToken}` };
  const json = { 'content-type': 'application/json' };
  let pendingEvent = '';
  return [
    { method: 'GET', path: '/api/tenants/tenants', headers: user },
    { method: 'GET', path: '/api/apps/apps', headers: user },
    { method: 'GET', path: '/api/audit/logs?limit=20', headers: user },
    { method: 'GET', path: '/api/rbac/roles', headers: user },
    {
      method: 'PATCH',
      path: '/api/tenants/tenants/acme',
      headers: { ...user, ...json },
      setupRequest: request => ({
        ...request,
        body: JSON.stringify({ displayName: `Acme ${eventNumber++}` }),
      }),
      onResponse: status => {
        if (status >= 200 && status < 300) mix.patches.acknowledged += 1;
      },
    },
    {
      method: 'POST',
      path: '/api/audit/events',
      headers: { authorization: `Bearer ${mix.appToken}`, ...json },
      setupRequest: request => {
        pendingEvent = `load-${process.pid}-${eventNumber++}`;
        return {
          ...request,
          body: JSON.stringify({ events: [appEvent(pendingEvent, 'acme')] }),
        };
      },
      onResponse: (status, body) => {
        if (status >= 200 && status < 300) {
          // The answer names the stored event (one request per connection
          // at a time, so the id is read back from the body).
          const id = JSON.parse(body).records?.[0]?.eventId;
          if (id) mix.acknowledged.push(id);
        }
      },
    },
  ];
}

async function main() {
  const seconds = envInt('LOAD_BENCH_SECONDS', 60);
  const cluster = await PortalCluster.create();
  let failed = false;
  try {
    const [A, B] = await cluster.startInstances(['A', 'B']);
    const userToken = await Caller.userToken(A, 'ada');
    const admin = new Caller(A, userToken);
    await admin.ok('POST', '/api/tenants/tenants', {
      name: 'acme',
      domain: 'acme.example.com',
      plan: 'starter',
      ownerEmail: 'owner@acme.example.com',
    });
    const app = await admin.ok('POST', '/api/apps/apps', {
      name: 'load-app',
      environment: 'production',
      owner: 'group:default/team-apps',
      tenants: ['acme'],
    });
    await admin.ok('PUT', `/api/apps/apps/${app.id}/rate-limits`, {
      rules: [
        {
          routePattern: '/api/audit/*',
          limitPerMinute: 1_000_000,
          burst: 100_000,
        },
      ],
    });
    const issued = await admin.ok('POST', `/api/apps/apps/${app.id}/api-keys`, {
      name: 'load-key',
      scopes: ['audit:write'],
    });
    const audit = pluginDatabase(cluster.postgres.url, 'audit');
    const count = async () =>
      Number((await audit('audit_events').count({ n: '*' }))[0].n);
    try {
      const mix: Mix = {
        userToken,
        appToken: issued.token,
        acknowledged: [],
        patches: { acknowledged: 0 },
      };
      const phases: Phase[] = [];
      phases.push(
        await load('baseline: liveness, A+B', [A, B], 10, () => [
          { method: 'GET', path: '/.backstage/health/v1/liveness' },
        ]),
      );
      phases.push(
        await load('mixed, A only', [A], Math.min(20, seconds), () =>
          mixedRequests(mix),
        ),
      );
      const before = await count();
      const ackBefore = mix.acknowledged.length;
      const patchesBefore = mix.patches.acknowledged;
      phases.push(
        await load('mixed, A+B', [A, B], seconds, () => mixedRequests(mix)),
      );
      printPhases(phases);
      const [health, one, two] = phases;
      const rate = (p: Phase) => p.requests / p.seconds;
      console.log(
        `two instances / one: ${(rate(two) / rate(one)).toFixed(
          2,
        )}; mixed (A+B) / liveness baseline: ${(
          rate(two) / rate(health)
        ).toFixed(3)}`,
      );
      const fiveHundreds = phases.reduce(
        (sum, p) => sum + (p.statuses['5xx'] ?? 0),
        0,
      );
      console.log(`5xx answers: ${fiveHundreds}`);

      // Afterwards: one verifying chain holding every acknowledged write.
      const report = await admin.ok('GET', '/api/audit/verify');
      const counts = await storedEventCounts(audit, mix.acknowledged);
      const notOnce = mix.acknowledged.filter(id => counts.get(id) !== 1);
      const grown = (await count()) - before;
      const expectedGrowth =
        mix.acknowledged.length -
        ackBefore +
        (mix.patches.acknowledged - patchesBefore);
      await assertLinearChain(audit);
      console.log(
        `audit: verify ok=${report.ok}, ${mix.acknowledged.length} acknowledged app events (${notOnce.length} not stored exactly once), records grew by ${grown} (acknowledged writes in the main run: ${expectedGrowth})`,
      );
      failed =
        !report.ok ||
        notOnce.length > 0 ||
        grown < expectedGrowth ||
        fiveHundreds > 0;
      if (!report.ok) {
        console.log(
          JSON.stringify(
            {
              firstBroken: report.firstBroken,
              brokenRanges: report.brokenRanges?.slice(0, 5),
              anchor: report.anchor,
              head: report.head,
              checkpoints: report.checkpoints,
              acknowledgements: report.acknowledgements,
            },
            null,
            2,
          ),
        );
      }
      console.log(failed ? 'CHECK FAILED' : 'OK');
    } finally {
      await audit.destroy();
    }
  } finally {
    await cluster.destroy();
  }
  process.exit(failed ? 1 : 0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});

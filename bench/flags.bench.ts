/*
 * Throughput of flag delivery to apps: one instance of the production build
 * (packages/scale-out: private PostgreSQL and Redis, production config),
 * FLAGS_BENCH_FLAGS flags (default 50) for a tenant, loaded by autocannon
 * with 50 connections for FLAGS_BENCH_SECONDS (default 15) per phase:
 *   - GET /api/flags/client/flags, 200 (no If-None-Match) and 304 (current ETag);
 *   - POST /api/flags/ofrep/v1/evaluate/flags (OFREP bulk), 200;
 * next to a bare node:http server in its own process answering the same
 * JSON bytes (and 304 for its ETag), measured in the same run. Prints the
 * table and the ratios.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { PortalCluster } from '../packages/scale-out/src';
import { Caller } from '../packages/scale-out/src/harness/api';
import { envInt } from './lib';
import { load, Phase, printPhases, rateOf } from './phases';

const CONNECTIONS = 50;

/** A node:http server in a child process answering `body` with `etag`. */
async function startBareServer(body: string, etag: string) {
  const script = `
    const http = require('node:http');
    const body = Buffer.from(process.env.BODY);
    const etag = process.env.ETAG;
    const server = http.createServer((req, res) => {
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag, 'cache-control': 'private, max-age=30' });
        res.end();
        return;
      }
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': body.length,
        etag,
        'cache-control': 'private, max-age=30',
      });
      res.end(body);
    });
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));
  `;
  const child = spawn(process.execPath, ['-e', script], {
    env: { ...process.env, BODY: body, ETAG: etag },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = await once(child.stdout!, 'data');
  return {
    name: 'bare',
    url: `http://127.0.0.1:${String(chunk).trim()}`,
    stop: () => child.kill(),
  };
}

async function main() {
  const seconds = envInt('FLAGS_BENCH_SECONDS', 15);
  const flagCount = envInt('FLAGS_BENCH_FLAGS', 50);
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
      name: 'flags-bench-app',
      environment: 'production',
      owner: 'group:default/team-apps',
      tenants: ['acme'],
    });
    await admin.ok('PUT', `/api/apps/apps/${app.id}/rate-limits`, {
      rules: [
        {
          routePattern: '/api/flags/*',
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
        scopes: ['flags:read'],
      },
    );
    for (let i = 0; i < flagCount; i++) {
      const key = `bench_flag_${String(i).padStart(3, '0')}`;
      await admin.ok('POST', '/api/flags/flags', {
        key,
        type: 'boolean',
        variants: [
          { name: 'on', value: true },
          { name: 'off', value: false },
        ],
        defaultVariant: 'off',
      });
      // Every third flag: a plan value with a targeting rule.
      if (i % 3 === 0) {
        await admin.ok(
          'PUT',
          `/api/flags/flags/${key}/values/production/plan:professional`,
          {
            variant: 'on',
            rules: [
              {
                constraints: [
                  { attribute: 'country', operator: 'in', values: ['DE'] },
                ],
                variant: 'off',
              },
            ],
            reason: 'bench',
          },
        );
      }
    }
    const auth = { authorization: `Bearer ${token}` };
    // Apps see changes within the snapshot poll; wait until all flags are served.
    let first: Response;
    for (;;) {
      first = await fetch(`${A.url}/api/flags/client/flags`, { headers: auth });
      const body = await first.clone().json();
      if (Object.keys(body.flags ?? {}).length === flagCount) break;
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    const body = await first.text();
    const etag = first.headers.get('etag')!;
    const bare = await startBareServer(body, etag);
    const ofrepBody = JSON.stringify({
      context: { targetingKey: 'user-1', country: 'FR' },
    });
    try {
      const phases: Phase[] = [];
      const run = async (
        name: string,
        target: { name: string; url: string },
        request: {
          method: 'GET' | 'POST';
          path: string;
          headers?: Record<string, string>;
          body?: string;
        },
      ) => {
        phases.push(
          await load(name, [target], seconds, () => [request], CONNECTIONS),
        );
      };
      await run('bare node:http, 200', bare, { method: 'GET', path: '/' });
      await run('bare node:http, 304', bare, {
        method: 'GET',
        path: '/',
        headers: { 'if-none-match': etag },
      });
      // The framework's own floor: Backstage's liveness route on the same
      // instance (root router, request logging, no plugin, no auth).
      await run('Backstage liveness', A, {
        method: 'GET',
        path: '/.backstage/health/v1/liveness',
      });
      await run('GET /client/flags, 200', A, {
        method: 'GET',
        path: '/api/flags/client/flags',
        headers: auth,
      });
      await run('GET /client/flags, 304', A, {
        method: 'GET',
        path: '/api/flags/client/flags',
        headers: { ...auth, 'if-none-match': etag },
      });
      await run('OFREP bulk, 200', A, {
        method: 'POST',
        path: '/api/flags/ofrep/v1/evaluate/flags',
        headers: { ...auth, 'content-type': 'application/json' },
        body: ofrepBody,
      });
      printPhases(phases);
      const [bare200, bare304, liveness, flags200, flags304, ofrep] = phases;
      const ratio = (a: Phase, b: Phase) => (rateOf(a) / rateOf(b)).toFixed(3);
      console.log(
        `flags ${flagCount}, ${CONNECTIONS} connections, ${seconds} s per phase, ${body.length} bytes per 200`,
      );
      console.log(`ratio 200 / bare 200: ${ratio(flags200, bare200)}`);
      console.log(`ratio 304 / bare 304: ${ratio(flags304, bare304)}`);
      console.log(`ratio OFREP bulk / bare 200: ${ratio(ofrep, bare200)}`);
      console.log(
        `ratio 304 / Backstage liveness: ${ratio(flags304, liveness)}`,
      );
      const failures = phases.filter(
        p =>
          Object.keys(p.statuses).some(k => k !== '2xx' && k !== '3xx') ||
          p.errors > 0,
      );
      if (failures.length > 0) {
        console.log(
          `non-2xx/3xx answers or errors in: ${failures
            .map(p => p.name)
            .join(', ')}`,
        );
        process.exitCode = 1;
      }
    } finally {
      bare.stop();
    }
  } finally {
    await cluster.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});

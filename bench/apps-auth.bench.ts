/*
 * The cost of app authentication on a REST endpoint: requests per second and
 * latency (p50, p99) of the same endpoint with app authentication (an
 * `Authorization: Bearer cp_...` credential verified in memory by
 * @controlplane/plugin-apps-node, scope check, rate limit bucket, usage
 * count) and with authentication turned off, in the same run, with
 * autocannon and 50 connections. See bench/README.md. Prints numbers only.
 *
 *   yarn bench:apps
 *   APPS_BENCH_SECONDS=20 APPS_BENCH_ROUNDS=5 APPS_BENCH_CONNECTIONS=100 yarn bench:apps
 */
import { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express, { Request, Response } from 'express';
import appsPlugin from '../plugins/apps-backend/src';
import { appCredentialsServiceRef } from '../plugins/apps-node/src';
import { envInt } from './lib';

const SECONDS = envInt('APPS_BENCH_SECONDS', 10);
const CONNECTIONS = envInt('APPS_BENCH_CONNECTIONS', 50);

/** What both endpoints answer: a tenant's flags, as the flags API will. */
const FLAGS = Object.fromEntries(
  Array.from({ length: 20 }, (_, i) => [`feature_${i}`, i % 3 === 0]),
);

/** The endpoint twice: behind app authentication and open. */
const benchPlugin = createBackendPlugin({
  pluginId: 'bench',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        appCredentials: appCredentialsServiceRef,
      },
      async init({ httpRouter, appCredentials }) {
        const router = express.Router();
        const answer = (_req: Request, res: Response) => {
          res.json({ tenant: 'acme', flags: FLAGS });
        };
        router.get(
          '/with-app-auth/flags',
          appCredentials.accept({ scope: 'flags:read' }),
          answer,
        );
        router.get('/open/flags', answer);
        httpRouter.use(router);
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
      },
    });
  },
});

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

const ROUNDS = envInt('APPS_BENCH_ROUNDS', 3);

function run(url: string, headers: Record<string, string>, duration: number) {
  return autocannon({ url, headers, connections: CONNECTIONS, duration });
}

function figures(result: autocannon.Result): Figures {
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** The round with the median requests per second. */
function median(rounds: Figures[]): Figures {
  return [...rounds].sort((a, b) => a.rps - b.rps)[
    Math.floor(rounds.length / 2)
  ];
}

async function main() {
  const backend = await startTestBackend({
    features: [
      appsPlugin,
      benchPlugin,
      // The cost measured is authentication's; decisions are answered at once.
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          apps: {
            secretHashKey: 'bench-only-secret-hash-key-0123456789abcdef',
            // Far above the offered load: the bucket is checked on every
            // request but never refuses one.
            rateLimits: {
              default: { limitPerMinute: 100_000_000, burst: 1_000_000 },
            },
          },
        },
      }),
    ],
  });
  const base = `http://127.0.0.1:${
    (backend.server.address() as AddressInfo).port
  }`;
  const user = {
    authorization: mockCredentials.user.header('user:default/bench'),
  };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}/api/apps${path}`, {
      method: 'POST',
      headers: { ...user, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok)
      throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const app = await post('/apps', {
    name: 'bench-app',
    environment: 'production',
    owner: 'group:default/team-apps',
    tenants: ['acme'],
  });
  const issued = await post(`/apps/${app.id}/api-keys`, {
    name: 'bench',
    scopes: ['flags:read'],
  });

  // One authenticated call first, so a broken setup fails here, loudly.
  const probe = await fetch(`${base}/api/bench/with-app-auth/flags`, {
    headers: { authorization: `Bearer ${issued.token}` },
  });
  if (!probe.ok) {
    throw new Error(`The app-authenticated endpoint answered ${probe.status}`);
  }

  const targets = {
    open: { url: `${base}/api/bench/open/flags`, headers: {} },
    authed: {
      url: `${base}/api/bench/with-app-auth/flags`,
      headers: { authorization: `Bearer ${issued.token}` },
    },
    wrong: {
      url: `${base}/api/bench/with-app-auth/flags`,
      headers: {
        authorization: `Bearer ${issued.credential.clientId}.${'x'.repeat(43)}`,
      },
    },
  };
  // Warm-up (JIT, the snapshot fetched, keep-alive sockets), then rounds
  // alternating between the endpoints so that drifts in the machine's load
  // hit both alike.
  for (const target of Object.values(targets)) {
    await run(target.url, target.headers, 2);
  }
  const rounds: Record<keyof typeof targets, Figures[]> = {
    open: [],
    authed: [],
    wrong: [],
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of ['open', 'authed', 'wrong'] as const) {
      const { url, headers } = targets[name];
      rounds[name].push(figures(await run(url, headers, SECONDS)));
    }
  }
  const open = median(rounds.open);
  const authed = median(rounds.authed);
  const wrong = median(rounds.wrong);

  console.log(
    `autocannon: ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${SECONDS} s per endpoint (median round shown), after 2 s warm-up; Node ${process.version}\n`,
  );
  const row = (name: string, f: Figures) =>
    `${name.padEnd(34)} ${f.rps.toFixed(0).padStart(9)} ${String(
      f.p50,
    ).padStart(8)} ${String(f.p99).padStart(8)} ${String(
      f.non2xx + f.errors,
    ).padStart(8)}`;
  console.log(
    `${'endpoint'.padEnd(34)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(
      8,
    )} ${'p99 ms'.padStart(8)} ${'non-2xx'.padStart(8)}`,
  );
  console.log(row('no authentication (baseline)', open));
  console.log(row('app credential (cp_live_...)', authed));
  console.log(row('wrong secret (401 path)', wrong));
  console.log(
    `\nratio app-auth/baseline: ${(authed.rps / open.rps).toFixed(
      2,
    )} of the requests per second, p99 ${(
      authed.p99 / Math.max(open.p99, 1)
    ).toFixed(2)}x`,
  );
  if (authed.non2xx + authed.errors > 0) {
    console.log('WARNING: some authenticated requests failed; see non-2xx');
  }
  await backend.stop();
  process.exit(0);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});

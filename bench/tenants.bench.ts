/*
 * Tenants at capacity (CON-CAP-001/002): 1,000 tenants and 10,000 users in
 * one tenant, seeded in batches into a fresh PostgreSQL database; p50/p95 of
 * listing, searching and paging through the REST API of a started tenants
 * backend (real HTTP), next to the same queries straight through knex in the
 * same run as the baseline. See bench/README.md. Prints numbers only.
 *
 *   yarn bench:tenants
 *   TENANTS_BENCH_ROUNDS=50 yarn bench:tenants
 */
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import tenantsPlugin from '../plugins/tenants-backend/src';
import { seedTenants } from '../plugins/tenants-backend/src/database/seed';
import { envInt, openBenchDatabase, percentile } from './lib';

const TENANTS = envInt('TENANTS_BENCH_TENANTS', 1000);
const USERS = envInt('TENANTS_BENCH_USERS', 10_000);
const ROUNDS = envInt('TENANTS_BENCH_ROUNDS', 200);
const PAGE = 50;
const BIG = 'bench-big';

async function measure(
  rounds: number,
  run: (round: number) => Promise<unknown>,
): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < Math.min(10, rounds); i++) await run(i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await run(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const likeContains = (text: string) => `%${text.toLowerCase()}%`;

async function main() {
  const { knex, label, cleanup } = await openBenchDatabase({
    prefix: 'tenants',
    connectionEnv: 'TENANTS_BENCH_PG',
  });
  const backend = await (async () => {
    const seedStarted = performance.now();
    const seeded = await seedTenants(knex, {
      tenants: TENANTS,
      users: USERS,
      bigTenant: BIG,
    });
    const seedMs = performance.now() - seedStarted;
    console.log(
      `Database: ${label}\nSeeded ${seeded.tenants} tenants and ${
        seeded.users
      } users in ${BIG} in ${Math.round(seedMs)} ms`,
    );
    return startTestBackend({
      features: [
        tenantsPlugin,
        mockServices.database.factory({ knex }),
        // The cost measured is the plugin's; decisions are answered at once.
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootConfig.factory({
          data: { app: { baseUrl: 'http://localhost:3000' } },
        }),
      ],
    });
  })();
  const bigId = (await knex('tenants').where({ name: BIG }).first()).id;
  const port = (backend.server.address() as AddressInfo).port;
  const authorization = mockCredentials.user.header('user:default/bench');
  const get = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/tenants${path}`, {
      headers: { authorization },
    });
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return (await res.json()) as { items: unknown[]; nextCursor?: string };
  };

  const rows: {
    name: string;
    api: { p50: number; p95: number };
    raw: { p50: number; p95: number };
  }[] = [];

  rows.push({
    name: `tenants: first page (${PAGE}) by name`,
    api: await measure(ROUNDS, () => get(`/tenants?limit=${PAGE}`)),
    raw: await measure(ROUNDS, () =>
      knex('tenants')
        .whereNot('status', 'offboarded')
        .orderBy('name')
        .limit(PAGE + 1),
    ),
  });
  rows.push({
    name: 'tenants: search "seed-00" + plan filter',
    api: await measure(ROUNDS, () =>
      get(`/tenants?q=seed-00&plan=enterprise&limit=${PAGE}`),
    ),
    raw: await measure(ROUNDS, () =>
      knex('tenants')
        .whereNot('status', 'offboarded')
        .whereIn('plan', ['enterprise'])
        .where(q =>
          q
            .whereRaw('name LIKE ?', [likeContains('seed-00')])
            .orWhereRaw('domain LIKE ?', [likeContains('seed-00')])
            .orWhereRaw('LOWER(display_name) LIKE ?', [
              likeContains('seed-00'),
            ]),
        )
        .orderBy('name')
        .limit(PAGE + 1),
    ),
  });
  rows.push({
    name: `users of ${BIG}: first page (${PAGE})`,
    api: await measure(ROUNDS, () =>
      get(`/tenants/${BIG}/users?limit=${PAGE}`),
    ),
    raw: await measure(ROUNDS, () =>
      knex('tenant_users')
        .where('tenant_id', bigId)
        .orderBy('email')
        .limit(PAGE + 1),
    ),
  });
  rows.push({
    name: `users of ${BIG}: search "user0042" (substring)`,
    api: await measure(ROUNDS, i =>
      get(
        `/tenants/${BIG}/users?q=user00${String(i % 100).padStart(
          2,
          '0',
        )}&limit=${PAGE}`,
      ),
    ),
    raw: await measure(ROUNDS, i =>
      knex('tenant_users')
        .where('tenant_id', bigId)
        .where(q =>
          q
            .whereRaw('email LIKE ?', [
              likeContains(`user00${String(i % 100).padStart(2, '0')}`),
            ])
            .orWhereRaw('LOWER(display_name) LIKE ?', [
              likeContains(`user00${String(i % 100).padStart(2, '0')}`),
            ]),
        )
        .orderBy('email')
        .limit(PAGE + 1),
    ),
  });
  rows.push({
    name: `users of ${BIG}: role=administrator filter`,
    api: await measure(ROUNDS, () =>
      get(`/tenants/${BIG}/users?role=administrator&limit=${PAGE}`),
    ),
    raw: await measure(ROUNDS, () =>
      knex('tenant_users')
        .where('tenant_id', bigId)
        .whereIn('role', ['administrator'])
        .orderBy('email')
        .limit(PAGE + 1),
    ),
  });

  // Paging through all users: every page is one keyset query.
  const apiPages: number[] = [];
  let cursor: string | undefined;
  let seen = 0;
  do {
    const started = performance.now();
    const page = await get(
      `/tenants/${BIG}/users?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
    );
    apiPages.push(performance.now() - started);
    seen += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  const rawPages: number[] = [];
  let last: string | undefined;
  for (;;) {
    const started = performance.now();
    const query = knex('tenant_users').where('tenant_id', bigId);
    if (last) query.where('email', '>', last);
    const page = await query.orderBy('email').limit(201);
    rawPages.push(performance.now() - started);
    if (page.length <= 200) break;
    last = page[199].email;
  }
  const stats = (times: number[]) => {
    const sorted = [...times].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
  };
  rows.push({
    name: `users of ${BIG}: every page of 200 (${apiPages.length} pages, ${seen} users)`,
    api: stats(apiPages),
    raw: stats(rawPages),
  });

  const ms = (value: number) => `${value.toFixed(2)} ms`;
  console.log(
    `\n${ROUNDS} rounds per query after 10 warm-up rounds; REST = GET through a started backend over HTTP (auth, OpenAPI validation, permission check, JSON); knex = the same SQL straight through knex\n`,
  );
  console.table(
    rows.map(row => ({
      query: row.name,
      'REST p50': ms(row.api.p50),
      'REST p95': ms(row.api.p95),
      'knex p50': ms(row.raw.p50),
      'knex p95': ms(row.raw.p95),
      'p50 ratio': `${(row.api.p50 / row.raw.p50).toFixed(1)}x`,
    })),
  );
  await backend.stop();
  await cleanup();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});

/*
 * Seeds a tenants database with 1,000 tenants and 10,000 users in one tenant
 * (CON-CAP-001/002), in batches.
 *
 *   yarn seed:tenants --db postgresql://postgres@127.0.0.1:5432/backstage_plugin_tenants
 *   yarn seed:tenants --db data/sqlite/tenants.sqlite [--tenants 1000] [--users 10000]
 *
 * With a PostgreSQL URL the database must exist (the backend creates
 * `backstage_plugin_tenants` on its first start); an SQLite path is created.
 */
import { performance } from 'node:perf_hooks';
import knexFactory from 'knex';
import { seedTenants } from '../src/database/seed';

function arg(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main() {
  const db = arg('db');
  if (!db) {
    console.error(
      'Usage: yarn seed:tenants --db <postgresql://... | path/to/tenants.sqlite> [--tenants N] [--users N] [--tenant name]',
    );
    process.exit(2);
  }
  const knex = db.startsWith('postgres')
    ? knexFactory({ client: 'pg', connection: db })
    : knexFactory({
        client: 'better-sqlite3',
        connection: { filename: db },
        useNullAsDefault: true,
      });
  try {
    const started = performance.now();
    const result = await seedTenants(knex, {
      tenants: arg('tenants') ? Number(arg('tenants')) : undefined,
      users: arg('users') ? Number(arg('users')) : undefined,
      bigTenant: arg('tenant'),
    });
    console.log(
      `Seeded ${result.tenants} tenants and ${result.users} users in ${
        arg('tenant') ?? 'bench-big'
      } in ${Math.round(performance.now() - started)} ms`,
    );
  } finally {
    await knex.destroy();
  }
}

main().catch(error => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

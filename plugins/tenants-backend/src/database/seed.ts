import { randomUUID } from 'node:crypto';
import { isPostgres } from '@controlplane/backend-common';
import { TENANT_PLANS } from '@controlplane/plugin-tenants-common';
import { Knex } from 'knex';
import { migrateTenantsDatabase } from './TenantsStore';

export interface SeedOptions {
  /** Tenants `seed-00001`...; default 1,000. */
  tenants?: number;
  /** Users of the big tenant; default 10,000. */
  users?: number;
  /** The tenant that gets all the users; default `bench-big`. */
  bigTenant?: string;
  /** Rows per INSERT; default 500. */
  batchSize?: number;
}

/**
 * Fills a tenants database for capacity checks (CON-CAP-001/002): many
 * tenants, and one tenant with many users, inserted in batches. Runs the
 * migrations first. Refuses to seed twice into the same database.
 */
export async function seedTenants(
  knex: Knex,
  options: SeedOptions = {},
): Promise<{ tenants: number; users: number; bigTenantId: string }> {
  const tenantCount = options.tenants ?? 1000;
  const userCount = options.users ?? 10_000;
  const bigTenant = options.bigTenant ?? 'bench-big';
  const batchSize = options.batchSize ?? 500;
  await migrateTenantsDatabase(knex);
  if (await knex('tenants').where({ name: bigTenant }).first()) {
    throw new Error(
      `Tenant ${bigTenant} exists already: this database is seeded`,
    );
  }
  const base = Date.UTC(2026, 0, 1);
  const tenantRow = (name: string, i: number) => {
    const at = new Date(base + i * 60_000).toISOString();
    return {
      id: randomUUID(),
      name,
      display_name: `Seed ${name}`,
      domain: `${name}.seed.example`,
      plan: TENANT_PLANS[i % TENANT_PLANS.length],
      status: i % 20 === 0 ? 'suspended' : 'active',
      status_reason: i % 20 === 0 ? 'Seeded as suspended' : null,
      applications: '["crm"]',
      settings: '{}',
      password_policy: '{}',
      created_at: at,
      updated_at: at,
    };
  };
  const big = {
    ...tenantRow(bigTenant, 0),
    status: 'active',
    status_reason: null,
  };
  const tenants = [
    big,
    ...Array.from({ length: tenantCount - 1 }, (_, i) =>
      tenantRow(`seed-${String(i + 1).padStart(5, '0')}`, i + 1),
    ),
  ];
  await knex.batchInsert('tenants', tenants, batchSize);
  const roleOf = (i: number) => {
    if (i < 2) return 'owner';
    return i % 20 === 0 ? 'administrator' : 'user';
  };
  const users = Array.from({ length: userCount }, (_, i) => {
    const at = new Date(base + i * 1000).toISOString();
    return {
      id: randomUUID(),
      tenant_id: big.id,
      email: `user${String(i).padStart(6, '0')}@${bigTenant}.seed.example`,
      display_name: `User ${i}`,
      role: roleOf(i),
      status: i >= 2 && i % 10 === 0 ? 'disabled' : 'active',
      created_at: at,
      updated_at: at,
    };
  });
  await knex.batchInsert('tenant_users', users, batchSize);
  if (isPostgres(knex)) {
    // Fresh statistics, so the planner uses the indexes at once.
    await knex.raw('ANALYZE tenants, tenant_users');
  }
  return { tenants: tenants.length, users: users.length, bigTenantId: big.id };
}

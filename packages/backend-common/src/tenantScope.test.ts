import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { Knex } from 'knex';
import { TenantFacts } from './tenantsOverRest';
import { TenantMirror, writeChangedTenants } from './tenantScope';

const createTable = (knex: Knex) =>
  knex.schema.createTable('mirror', table => {
    table.string('tenant').primary();
    table.string('plan').notNullable();
    table.string('status').notNullable();
    table.string('updated_at').notNullable();
  });

describe('writeChangedTenants', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let knex: Knex;
    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await createTable(knex);
    });

    it('writes only the tenants whose plan or status changed, in chunks', async () => {
      const many = Array.from({ length: 1_201 }, (_, i) => ({
        tenant: `t${i}`,
        plan: 'free',
        status: 'active',
      }));
      expect(
        await writeChangedTenants(knex, 'mirror', many, 'first'),
      ).toHaveLength(1_201);

      const next = many.map(tenant =>
        tenant.tenant === 't7' ? { ...tenant, plan: 'enterprise' } : tenant,
      );
      next[1_000] = { ...next[1_000], status: 'suspended' };
      const changed = await writeChangedTenants(knex, 'mirror', next, 'second');
      expect(changed.map(tenant => tenant.tenant).sort()).toEqual([
        't1000',
        't7',
      ]);
      expect(await knex('mirror').where({ updated_at: 'second' })).toHaveLength(
        2,
      );
      const rows = await knex('mirror')
        .whereIn('tenant', ['t7', 't1000', 't8'])
        .orderBy('tenant');
      expect(rows).toEqual([
        {
          tenant: 't1000',
          plan: 'free',
          status: 'suspended',
          updated_at: 'second',
        },
        {
          tenant: 't7',
          plan: 'enterprise',
          status: 'active',
          updated_at: 'second',
        },
        { tenant: 't8', plan: 'free', status: 'active', updated_at: 'first' },
      ]);
    });
  });
});

describe('TenantMirror', () => {
  let server: Server;
  let tenantsPlugin: TenantFacts[];
  let requests = 0;

  beforeAll(async () => {
    // The tenants plugin's list, as fetchAllTenants reads it over HTTP.
    server = createServer((_req, res) => {
      requests += 1;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          items: tenantsPlugin.map(t => ({
            name: t.tenant,
            plan: t.plan,
            status: t.status,
          })),
        }),
      );
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

  function mirror() {
    const copy = new Map<string, TenantFacts>();
    const store = {
      byName: async (tenant: string) => copy.get(tenant),
      write: async (tenants: TenantFacts[]) => {
        for (const tenant of tenants) copy.set(tenant.tenant, tenant);
        return tenants.length;
      },
    };
    const { port } = server.address() as AddressInfo;
    return {
      copy,
      mirror: new TenantMirror({
        store,
        discovery: mockServices.discovery.mock({
          getBaseUrl: async () => `http://127.0.0.1:${port}/api/tenants`,
        }),
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
      }),
    };
  }

  beforeEach(() => {
    requests = 0;
    tenantsPlugin = [
      { tenant: 'acme', plan: 'professional', status: 'active' },
    ];
  });

  it('keeps the plan of a known tenant when an event changes only its status', async () => {
    const { copy, mirror: subject } = mirror();
    await subject.onTenantEvent({
      type: 'tenant.provisioned',
      tenant: 'acme',
      plan: 'starter',
    });
    await subject.onTenantEvent({ type: 'tenant.suspended', tenant: 'acme' });
    expect(copy.get('acme')).toEqual({
      tenant: 'acme',
      plan: 'starter',
      status: 'suspended',
    });
    await subject.onTenantEvent({
      type: 'tenant.plan-changed',
      tenant: 'acme',
      plan: 'enterprise',
    });
    expect(copy.get('acme')).toEqual({
      tenant: 'acme',
      plan: 'enterprise',
      status: 'suspended',
    });
    expect(requests).toBe(0);
  });

  it('asks the tenants plugin about a tenant it never heard of', async () => {
    const { copy, mirror: subject } = mirror();
    await subject.onTenantEvent({ type: 'tenant.suspended', tenant: 'acme' });
    expect(requests).toBe(1);
    expect(copy.get('acme')).toEqual({
      tenant: 'acme',
      plan: 'professional',
      status: 'active',
    });
  });
});

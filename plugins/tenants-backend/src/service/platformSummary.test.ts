import { randomUUID } from 'node:crypto';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  createPortalTestDatabases,
  queriesDuring,
} from '@controlplane/test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { as, startTenantsBackend } from '../__testUtils__/harness';

jest.setTimeout(90_000);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A service principal's token for the tenants plugin. */
const asService = (pluginId: string) => (req: request.Test) =>
  req.set(
    'Authorization',
    mockCredentials.service.header({
      onBehalfOf: mockCredentials.service(`plugin:${pluginId}`),
      targetPluginId: 'tenants',
    }),
  );

/** Rows written straight to the tables, at chosen ages. */
function seeder(knex: Knex, now: number) {
  const at = (ms: number) => new Date(now - ms).toISOString();
  return {
    at,
    async tenant(
      name: string,
      options: { plan?: string; status?: string; age?: number } = {},
    ) {
      const id = randomUUID();
      await knex('tenants').insert({
        id,
        name,
        display_name: `${name} Corp`,
        domain: `${name}.example`,
        plan: options.plan ?? 'starter',
        status: options.status ?? 'active',
        status_reason: null,
        applications: '[]',
        settings: '{}',
        password_policy: '{}',
        created_at: at(options.age ?? 100 * DAY),
        updated_at: at(options.age ?? 100 * DAY),
      });
      return id;
    },
    async user(tenantId: string, status = 'active') {
      const id = randomUUID();
      await knex('tenant_users').insert({
        id,
        tenant_id: tenantId,
        email: `${id}@example.com`,
        display_name: null,
        role: 'user',
        status,
        created_at: at(50 * DAY),
        updated_at: at(50 * DAY),
      });
      return id;
    },
    async session(tenantId: string, userId: string, age: number) {
      await knex('tenant_sessions').insert({
        id: randomUUID(),
        user_id: userId,
        tenant_id: tenantId,
        token_hash: randomUUID().replace(/-/g, '').padEnd(64, '0'),
        created_at: at(age),
        expires_at: at(age - HOUR),
        revoked_at: null,
        revoke_reason: null,
        impersonation_id: null,
      });
    },
    async impersonation(
      tenantId: string,
      userId: string,
      started: number,
      expires: number,
      ended?: number,
    ) {
      await knex('tenant_impersonations').insert({
        id: randomUUID(),
        tenant_id: tenantId,
        user_id: userId,
        actor: 'user:default/ada',
        reason: 'Support ticket',
        session_id: null,
        started_at: at(started),
        expires_at: at(expires),
        ended_at: ended === undefined ? null : at(ended),
        end_reason: ended === undefined ? null : 'stopped',
        ended_by: ended === undefined ? null : 'user:default/ada',
      });
    },
  };
}

describe('GET /platform-summary', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let ctx: Awaited<ReturnType<typeof startTenantsBackend>>;
    const api = () => request(ctx.server);
    const summary = () =>
      asService('platform-health')(api().get('/api/tenants/platform-summary'));

    beforeAll(async () => {
      ctx = await startTenantsBackend(databases, databaseId);
    });
    afterAll(async () => {
      await ctx?.backend.stop();
    });

    it('answers every tenant by name with its users, sessions, and the impersonations', async () => {
      const seed = seeder(ctx.knex, Date.now());
      const alpha = await seed.tenant('alpha', {
        plan: 'enterprise',
        age: 90 * DAY,
      });
      const beta = await seed.tenant('beta', { status: 'suspended' });
      await seed.tenant('gamma', { plan: 'free', status: 'offboarded' });

      const a1 = await seed.user(alpha);
      await seed.user(alpha);
      await seed.user(alpha);
      await seed.user(alpha, 'disabled');
      const b1 = await seed.user(beta);
      await seed.user(beta, 'disabled');
      await seed.user(beta, 'disabled');

      await seed.session(alpha, a1, HOUR);
      await seed.session(alpha, a1, 3 * DAY);
      await seed.session(alpha, a1, 10 * DAY);
      await seed.session(alpha, a1, 40 * DAY);
      await seed.session(beta, b1, 20 * DAY);

      // Active: started 10 min ago, 20 min to go; started 30 h ago, 1 h to go.
      await seed.impersonation(alpha, a1, 10 * MINUTE, -20 * MINUTE);
      await seed.impersonation(beta, b1, 30 * HOUR, -HOUR);
      // Ended an hour ago; expired an hour ago without being ended (the
      // task has not run yet): started in the last 24 h, not active.
      await seed.impersonation(alpha, a1, 2 * HOUR, -HOUR, HOUR);
      await seed.impersonation(alpha, a1, 3 * HOUR, HOUR);
      // Long over.
      await seed.impersonation(
        beta,
        b1,
        3 * DAY,
        3 * DAY - HOUR,
        3 * DAY - HOUR,
      );

      const before = Date.now();
      const res = await summary();
      expect(res.status).toBe(200);
      const generated = Date.parse(res.body.generatedAt);
      expect(generated).toBeGreaterThanOrEqual(before - 1000);
      expect(res.body.generatedAt).toBe(new Date(generated).toISOString());

      expect(res.body.tenants).toEqual([
        {
          tenant: 'alpha',
          displayName: 'alpha Corp',
          plan: 'enterprise',
          status: 'active',
          createdAt: seed.at(90 * DAY),
          activeUsers: 3,
          lastSessionAt: seed.at(HOUR),
          sessions7d: 2,
          sessions30d: 3,
        },
        {
          tenant: 'beta',
          displayName: 'beta Corp',
          plan: 'starter',
          status: 'suspended',
          createdAt: seed.at(100 * DAY),
          activeUsers: 1,
          lastSessionAt: seed.at(20 * DAY),
          sessions7d: 0,
          sessions30d: 1,
        },
        {
          tenant: 'gamma',
          displayName: 'gamma Corp',
          plan: 'free',
          status: 'offboarded',
          createdAt: seed.at(100 * DAY),
          activeUsers: 0,
          lastSessionAt: null,
          sessions7d: 0,
          sessions30d: 0,
        },
      ]);
      expect(res.body.impersonations).toEqual({ active: 2, last24h: 3 });
      // Numbers, not PostgreSQL's strings.
      expect(typeof res.body.tenants[0].activeUsers).toBe('number');
      expect(typeof res.body.impersonations.active).toBe('number');
    });

    it('is for the platform-health plugin only', async () => {
      const path = '/api/tenants/platform-summary';
      // Without credentials (the test backend answers 403, the real one 401).
      expect([401, 403]).toContain((await api().get(path)).status);
      // Users, even platform admins, and users without any role.
      expect((await as('ada')(api().get(path))).status).toBe(403);
      expect((await as('nobody')(api().get(path))).status).toBe(403);
      // Other services, named or not.
      const catalog = await asService('catalog')(api().get(path));
      expect(catalog.status).toBe(403);
      expect(catalog.body.error.message).toMatch(/plugin:platform-health/);
      expect(
        (
          await api()
            .get(path)
            .set('Authorization', mockCredentials.service.header())
        ).status,
      ).toBe(403);
      expect((await summary()).status).toBe(200);
    });

    it('makes as many queries for 200 tenants as for 10', async () => {
      const seed = seeder(ctx.knex, Date.now());
      const addTenants = async (from: number, to: number) => {
        for (let i = from; i < to; i++) {
          const id = await seed.tenant(`load-${String(i).padStart(3, '0')}`);
          const user = await seed.user(id);
          await seed.session(id, user, (i % 40) * DAY + HOUR);
          if (i % 10 === 0) {
            await seed.impersonation(id, user, HOUR, -HOUR);
          }
        }
      };
      const queriesOfOneSummary = async (tenants: number) => {
        const { queries, result: res } = await queriesDuring(ctx.knex, summary);
        expect(res.status).toBe(200);
        expect(res.body.tenants).toHaveLength(tenants);
        return queries.length;
      };

      const existing = Number(
        (await ctx.knex('tenants').count({ c: '*' }))[0].c,
      );
      await addTenants(existing, 10);
      const with10 = await queriesOfOneSummary(10);
      await addTenants(10, 200);
      const with200 = await queriesOfOneSummary(200);
      expect(with200).toBe(with10);
      expect(with10).toBe(2);
    });
  });
});

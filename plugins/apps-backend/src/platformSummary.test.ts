import { randomUUID } from 'node:crypto';
import {
  IssuedCredential,
  PlatformAppsSummary,
} from '@controlplane/plugin-apps-common';
import {
  createPortalTestDatabases,
  queriesDuring,
} from '@controlplane/test-utils';
import { startAppsBackend } from './__testUtils__/harness';

jest.setTimeout(120_000);

const HOUR_MS = 3_600_000;

/** Waits out the last seconds of an hour, so the windows stay put. */
async function awayFromTheHoursEnd() {
  const intoHour = Date.now() % HOUR_MS;
  if (intoHour > HOUR_MS - 20_000) {
    await new Promise(resolve => setTimeout(resolve, HOUR_MS - intoHour + 50));
  }
}

/**
 * `GET /platform-summary`: the platform dashboard's figures of apps and
 * their calls, for the platform-health plugin only, in a fixed number of
 * queries whatever the number of tenants.
 */
describe('platform summary of the apps plugin', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let harness: Awaited<ReturnType<typeof startAppsBackend>>;
    beforeAll(async () => {
      harness = await startAppsBackend(databases, databaseId);
    });
    afterAll(() => harness?.stop());

    const summary = async (): Promise<PlatformAppsSummary> => {
      const res = await harness
        .as('plugin:platform-health')
        .get('/platform-summary');
      expect(res.status).toBe(200);
      return res.body;
    };

    const register = async (name: string, tenants: string[]) => {
      const res = await harness.as('oscar').post('/apps', {
        name,
        environment: 'production',
        owner: 'group:default/team-apps',
        tenants,
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const issue = async (appId: string, body: object = {}) => {
      const res = await harness.as('oscar').post(`/apps/${appId}/api-keys`, {
        name: 'key',
        scopes: ['audit:write'],
        ...body,
      });
      expect(res.status).toBe(201);
      return (res.body as IssuedCredential).credential.id;
    };

    it('answers the platform-health plugin only', async () => {
      expect(
        (await harness.as('plugin:platform-health').get('/platform-summary'))
          .status,
      ).toBe(200);
      for (const other of ['plugin:catalog', 'plugin:audit', 'service']) {
        const res = await harness.as(other).get('/platform-summary');
        expect(res.status).toBe(403);
        expect(res.body.error.message).toContain('plugin:platform-health');
      }
      // A platform admin and an operator are users: refused all the same.
      for (const user of ['ada', 'oscar', 'nobody']) {
        expect((await harness.as(user).get('/platform-summary')).status).toBe(
          403,
        );
      }
    });

    it('sums the calls of every app serving a tenant, over 24 hours and 7 days', async () => {
      await awayFromTheHoursEnd();
      const acmeSync = await register('acme-sync', ['acme']);
      const shared = await register('shared-sync', ['acme', 'globex']);
      const old = await register('old-sync', ['globex']);
      const initech = await register('initech-sync', ['initech']);
      const umbrella = await register('umbrella-sync', ['umbrella']);
      const lonely = await register('lonely', []);

      const a1 = await issue(acmeSync);
      const r1 = await issue(acmeSync);
      const e1 = await issue(acmeSync);
      const s1 = await issue(shared);
      const s2 = await issue(shared, {
        expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      });
      const d1 = await issue(old);
      const i1 = await issue(initech);
      const u1 = await issue(umbrella);
      const l1 = await issue(lonely);
      expect((await harness.as('oscar').delete(`/api-keys/${r1}`)).status).toBe(
        200,
      );
      await harness
        .knex('app_credentials')
        .where({ id: e1 })
        .update({ expires_at: new Date(Date.now() - 60_000).toISOString() });
      expect(
        (
          await harness
            .as('oscar')
            .post(`/apps/${old}/disable`, { reason: 'retired' })
        ).status,
      ).toBe(200);

      const current = new Date();
      current.setUTCMinutes(0, 0, 0);
      const hoursAgo = (hours: number) =>
        new Date(current.getTime() - hours * HOUR_MS).toISOString();
      const row = (
        credentialId: string,
        hours: number,
        successful: number,
        failed: number,
        rateLimited: number,
        endpoint = 'POST /api/audit/events',
      ) => ({
        credential_id: credentialId,
        hour: hoursAgo(hours),
        endpoint,
        successful,
        failed,
        rate_limited: rateLimited,
      });
      await harness.knex('app_credential_usage').insert([
        row(a1, 0, 10, 2, 1),
        row(a1, 0, 5, 0, 0, 'GET /api/flags/flags'),
        // The first hour of the 24 hours, and the one before it.
        row(a1, 24, 1, 1, 1),
        row(a1, 25, 100, 3, 0),
        // The first hour of the 7 days, and the one before it.
        row(a1, 168, 0, 4, 0),
        row(a1, 169, 0, 50, 0),
        // A revoked credential's calls still happened.
        row(r1, 0, 0, 1, 0),
        row(s1, 2, 20, 1, 0),
        row(s1, 48, 0, 0, 9),
        row(s2, 3, 0, 0, 5),
        row(d1, 5, 0, 6, 0),
        row(i1, 20 * 24, 0, 2, 0),
        // Older than 90 days: no last failure.
        row(u1, 100 * 24, 0, 9, 0),
        row(l1, 1, 7, 1, 2),
      ]);

      const answer = await summary();
      expect(Date.parse(answer.generatedAt)).toBeGreaterThanOrEqual(
        current.getTime(),
      );
      expect(answer.tenants).toEqual([
        {
          tenant: 'acme',
          apps: 2,
          // a1 13 + 5 + 3, r1 1, s1 21, s2 5.
          requests24h: 48,
          failed24h: 5,
          rateLimited24h: 7,
          credentialFailures7d: 2 + 1 + 3 + 4 + 1 + 1,
          failingCredentials7d: 3,
          lastFailureAt: hoursAgo(0),
        },
        {
          tenant: 'globex',
          // old-sync is disabled.
          apps: 1,
          requests24h: 21 + 5 + 6,
          failed24h: 1 + 6,
          rateLimited24h: 5,
          credentialFailures7d: 7,
          failingCredentials7d: 2,
          lastFailureAt: hoursAgo(2),
        },
        {
          tenant: 'initech',
          apps: 1,
          requests24h: 0,
          failed24h: 0,
          rateLimited24h: 0,
          credentialFailures7d: 0,
          failingCredentials7d: 0,
          lastFailureAt: hoursAgo(480),
        },
        {
          tenant: 'umbrella',
          apps: 1,
          requests24h: 0,
          failed24h: 0,
          rateLimited24h: 0,
          credentialFailures7d: 0,
          failingCredentials7d: 0,
          lastFailureAt: null,
        },
      ]);
      // Each call once, the lonely app's (no tenant) included.
      expect(answer.totals).toEqual({
        apps: 5,
        activeCredentials: 7,
        requests24h: 21 + 1 + 21 + 5 + 6 + 10,
        failed24h: 3 + 1 + 1 + 6 + 1,
        rateLimited24h: 2 + 5 + 2,
      });
    });

    it('answers in the same number of queries for 10 tenants as for 200', async () => {
      const now = new Date().toISOString();
      const hour = new Date();
      hour.setUTCMinutes(0, 0, 0);
      let added = 0;
      /** Tenants served by one app each, with a credential that was used. */
      const addTenants = async (count: number) => {
        const apps = [];
        const tenants = [];
        const credentials = [];
        const usage = [];
        for (let i = 0; i < count; i++, added++) {
          const appId = randomUUID();
          const credentialId = randomUUID();
          apps.push({
            id: appId,
            name: `bulk-${added}`,
            environment: 'production',
            owner: 'group:default/team-apps',
            status: 'active',
            created_by: 'user:default/oscar',
            created_at: now,
            updated_at: now,
          });
          tenants.push({ app_id: appId, tenant: `bulk-tenant-${added}` });
          credentials.push({
            id: credentialId,
            app_id: appId,
            name: 'key',
            client_id: `cp_test_bulk${String(added).padStart(8, '0')}`,
            secret_hash: 'f'.repeat(64),
            scopes: '["audit:write"]',
            created_by: 'user:default/oscar',
            created_at: now,
          });
          usage.push({
            credential_id: credentialId,
            hour: hour.toISOString(),
            endpoint: 'GET /api/flags/flags',
            successful: 3,
            failed: 1,
            rate_limited: 1,
          });
        }
        for (const [table, rows] of [
          ['apps', apps],
          ['app_tenants', tenants],
          ['app_credentials', credentials],
          ['app_credential_usage', usage],
        ] as const) {
          await harness.knex.batchInsert(table, rows as object[], 100);
        }
      };
      const queriesOfOneSummary = async () => {
        const { queries, result } = await queriesDuring(harness.knex, summary);
        return { queries, answer: result };
      };

      await addTenants(10);
      const ten = await queriesOfOneSummary();
      await addTenants(190);
      const twoHundred = await queriesOfOneSummary();

      const bulk = (answer: PlatformAppsSummary) =>
        answer.tenants.filter(t => t.tenant.startsWith('bulk-tenant-'));
      expect(bulk(ten.answer)).toHaveLength(10);
      expect(bulk(twoHundred.answer)).toHaveLength(200);
      expect(bulk(twoHundred.answer)[0]).toMatchObject({
        apps: 1,
        requests24h: 5,
        failed24h: 1,
        rateLimited24h: 1,
        failingCredentials7d: 1,
      });
      expect(twoHundred.queries).toHaveLength(ten.queries.length);
      expect(ten.queries).toHaveLength(5);
    });
  });
});

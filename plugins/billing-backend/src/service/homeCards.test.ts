import { createPortalTestDatabases } from '@controlplane/test-utils';
import { BillingHarness, startBillingBackend } from '../__testUtils__/harness';

jest.setTimeout(120_000);

const HOUR_MS = 3_600_000;
const hoursAgo = (hours: number) =>
  new Date(Date.now() - hours * HOUR_MS).toISOString();

/**
 * What the home page cards read across tenants, through the real router
 * and RBAC policy: the caller's tenants (`GET /tenants`) and the budget
 * alerts of the last hours (`GET /budget-alerts`), each only within the
 * caller's reach.
 */
describe('billing reads of the home page', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let h: BillingHarness;

    beforeAll(async () => {
      h = await startBillingBackend(databases, databaseId);
      await h.provision({ acme: 'professional', globex: 'free' });
      await h.knex('billing_budget_alerts').insert([
        {
          tenant: 'acme',
          period: '2026-12',
          threshold: 80,
          crossed_at: hoursAgo(1),
        },
        {
          tenant: 'globex',
          period: '2026-12',
          threshold: 90,
          crossed_at: hoursAgo(2),
        },
        {
          tenant: 'globex',
          period: '2026-12',
          threshold: 80,
          crossed_at: hoursAgo(3),
        },
        // Older than a day: only with an earlier `since`.
        {
          tenant: 'acme',
          period: '2026-11',
          threshold: 90,
          crossed_at: hoursAgo(72),
        },
      ]);
    });

    afterAll(async () => {
      await h?.backend.stop();
    });

    const alertsOf = (body: {
      items: { tenant: string; threshold: number }[];
    }) => body.items.map(alert => `${alert.tenant} ${alert.threshold}`);

    it('lists the budget alerts of the last 24 hours, newest first', async () => {
      const res = await h.as('oscar').get('/budget-alerts');
      expect(res.status).toBe(200);
      expect(alertsOf(res.body)).toEqual(['acme 80', 'globex 90', 'globex 80']);
      expect(res.body.total).toBe(3);
      expect(res.body.items[0]).toEqual({
        tenant: 'acme',
        period: '2026-12',
        threshold: 80,
        crossedAt: expect.any(String),
      });
      const older = await h
        .as('oscar')
        .get(`/budget-alerts?since=${encodeURIComponent(hoursAgo(96))}`);
      expect(alertsOf(older.body)).toEqual([
        'acme 80',
        'globex 90',
        'globex 80',
        'acme 90',
      ]);
      const first = await h.as('oscar').get('/budget-alerts?limit=1');
      expect(alertsOf(first.body)).toEqual(['acme 80']);
      expect(first.body.total).toBe(3);
    });

    it("shows a tenant owner their tenant's alerts only", async () => {
      const res = await h.as('tina').get('/budget-alerts');
      expect(res.status).toBe(200);
      expect(alertsOf(res.body)).toEqual(['acme 80']);
      expect(res.body.total).toBe(1);
    });

    it('refuses callers without billing.usage.read and bad windows', async () => {
      expect((await h.as('nobody').get('/budget-alerts')).status).toBe(403);
      const tooOld = await h
        .as('oscar')
        .get(`/budget-alerts?since=${encodeURIComponent(hoursAgo(24 * 40))}`);
      expect(tooOld.status).toBe(400);
      expect(
        (await h.as('oscar').get('/budget-alerts?since=yesterday')).status,
      ).toBe(400);
      expect((await h.as('oscar').get('/budget-alerts?limit=0')).status).toBe(
        400,
      );
    });

    it("lists the caller's tenants, and a member's own with mine=true", async () => {
      const tenants = async (who: string, query = '') => {
        const res = await h.as(who).get(`/tenants${query}`);
        expect(res.status).toBe(200);
        return res.body.items.map((t: { tenant: string }) => t.tenant);
      };
      expect(await tenants('oscar')).toEqual(['acme', 'globex']);
      expect(await tenants('tina')).toEqual(['acme']);
      expect(await tenants('tina', '?mine=true')).toEqual(['acme']);
      // An operator's roles reach every tenant: they are a member of none.
      expect(await tenants('oscar', '?mine=true')).toEqual([]);
      expect(await tenants('ada', '?mine=true')).toEqual([]);
      const first = await h.as('oscar').get('/tenants?limit=1');
      expect(first.body.items).toEqual([
        { tenant: 'acme', plan: 'professional', status: 'active' },
      ]);
      const next = await h
        .as('oscar')
        .get(`/tenants?limit=1&cursor=${first.body.nextCursor}`);
      expect(next.body.items.map((t: { tenant: string }) => t.tenant)).toEqual([
        'globex',
      ]);
      expect(next.body.nextCursor).toBeUndefined();
      expect((await h.as('nobody').get('/tenants')).status).toBe(403);
    });
  });
});

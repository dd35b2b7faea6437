import {
  periodOf,
  PlatformBillingSummary,
} from '@controlplane/plugin-billing-common';
import {
  createPortalTestDatabases,
  queriesDuring,
} from '@controlplane/test-utils';
import {
  BillingHarness,
  startBillingBackend,
  usageEvent,
} from '../__testUtils__/harness';
import { bindBillingStores } from '../database/stores';

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
 * `GET /platform-summary`: the platform dashboard's billing figures, for
 * the platform-health plugin only, in a fixed number of queries whatever
 * the number of tenants.
 */
describe('platform summary of the billing plugin', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let h: BillingHarness;

    beforeAll(async () => {
      h = await startBillingBackend(databases, databaseId);
    });

    afterAll(async () => {
      await h?.backend.stop();
    });

    const summary = async (): Promise<PlatformBillingSummary> => {
      const res = await h.asPlugin('platform-health').get('/platform-summary');
      expect(res.status).toBe(200);
      return res.body;
    };

    it('answers the platform-health plugin only', async () => {
      expect(
        (await h.asPlugin('platform-health').get('/platform-summary')).status,
      ).toBe(200);
      for (const other of ['catalog', 'apps', 'audit']) {
        const res = await h.asPlugin(other).get('/platform-summary');
        expect(res.status).toBe(403);
        expect(res.body.error.message).toContain('plugin:platform-health');
      }
      // A platform admin is a user: refused all the same.
      for (const user of ['ada', 'oscar', 'tina', 'nobody']) {
        expect((await h.as(user).get('/platform-summary')).status).toBe(403);
      }
    });

    it('sums executions, costs, quotas and budgets per tenant, and plans over the active tenants', async () => {
      await awayFromTheHoursEnd();
      await h.provision({
        acme: 'professional',
        globex: 'free',
        umbrella: 'enterprise',
        initech: 'starter',
        hooli: 'professional',
      });
      const writer = await h.appToken(
        'summary-writer',
        ['acme', 'globex', 'umbrella', 'initech'],
        ['billing:write'],
      );
      const current = new Date();
      current.setUTCMinutes(0, 0, 0);
      const hoursAgo = (hours: number) =>
        new Date(current.getTime() - hours * HOUR_MS).toISOString();
      const at = (tenant: string, type: string, quantity: number, hours = 0) =>
        usageEvent({ tenant, type, quantity, timestamp: hoursAgo(hours) });
      const ingest = async (events: object[]) => {
        const res = await h.asApp(writer).post('/events', { events });
        expect(res.status).toBe(200);
        expect(res.body.rejected).toEqual([]);
      };

      // acme (professional): its own api_call limit of 5.
      expect(
        (await h.as('ada').put('/tenants/acme/quotas/api_call', { limit: 5 }))
          .status,
      ).toBe(200);
      // globex (free): a budget of 0.50 USD.
      expect(
        (
          await h
            .as('ada')
            .put('/tenants/globex/budget', { monthlyAmount: 0.5 })
        ).status,
      ).toBe(200);
      // umbrella: over its budget through a charge, without usage this month.
      expect(
        (
          await h
            .as('ada')
            .put('/tenants/umbrella/budget', { monthlyAmount: 100 })
        ).status,
      ).toBe(200);
      expect(
        (
          await h.as('ada').post('/tenants/umbrella/adjustments', {
            amount: 150,
            reason: 'support contract',
          })
        ).status,
      ).toBe(201);

      const acmeExecutions: Array<[number, number]> = [
        [100, 0],
        // The first hour of the 24 hours, and the one before it.
        [200, 24],
        [400, 25],
        // The first hour of the 7 days, and the one before it.
        [800, 168],
        [1600, 169],
      ];
      await ingest([
        ...acmeExecutions.map(([quantity, hours]) =>
          at('acme', 'executions', quantity, hours),
        ),
        // Over the professional plan's 1M tokens, and over its own limit.
        at('acme', 'tokens', 2_000_000),
        at('acme', 'api_call', 10),
        // Over the free plan's 1,000 executions; 0.75 USD, over budget.
        at('globex', 'executions', 1500),
        at('umbrella', 'tokens', 1000, 240),
        at('initech', 'executions', 60, 2),
      ]);
      // Suspended after its usage: listed, but not in the revenue.
      await h
        .knex('billing_tenants')
        .where({ tenant: 'initech' })
        .update({ status: 'suspended' });

      const answer = await summary();
      expect(Date.parse(answer.generatedAt)).toBeGreaterThanOrEqual(
        current.getTime(),
      );
      expect(answer.currency).toBe('USD');
      // professional 99 x 2, free 0, enterprise 499; initech is suspended.
      expect(answer.mrr).toBe(697);
      expect(answer.planDistribution).toEqual([
        { plan: 'enterprise', tenants: 1 },
        { plan: 'free', tenants: 1 },
        { plan: 'professional', tenants: 2 },
      ]);

      // Costs of this month only (the older events may fall in the last).
      const thisMonth = periodOf(new Date());
      const acmeCost =
        200 +
        0.001 +
        acmeExecutions
          .filter(([, hours]) => periodOf(hoursAgo(hours)) === thisMonth)
          .reduce((sum, [quantity]) => sum + quantity * 0.0005, 0);
      const cents = (amount: number) => Math.round(amount * 100) / 100;
      expect(answer.tenants).toEqual([
        {
          tenant: 'acme',
          plan: 'professional',
          status: 'active',
          executions24h: 300,
          executions7d: 1500,
          lastUsageAt: hoursAgo(0),
          costMonthToDate: cents(acmeCost),
          overQuota: ['api_call', 'tokens'],
          overBudget: false,
        },
        {
          tenant: 'globex',
          plan: 'free',
          status: 'active',
          executions24h: 1500,
          executions7d: 1500,
          lastUsageAt: hoursAgo(0),
          costMonthToDate: 0.75,
          overQuota: ['executions'],
          overBudget: true,
        },
        {
          tenant: 'hooli',
          plan: 'professional',
          status: 'active',
          executions24h: 0,
          executions7d: 0,
          lastUsageAt: null,
          costMonthToDate: 0,
          overQuota: [],
          overBudget: false,
        },
        {
          tenant: 'initech',
          plan: 'starter',
          status: 'suspended',
          executions24h: 60,
          executions7d: 60,
          lastUsageAt: hoursAgo(2),
          costMonthToDate: periodOf(hoursAgo(2)) === thisMonth ? 0.03 : 0,
          overQuota: [],
          overBudget: false,
        },
        {
          tenant: 'umbrella',
          plan: 'enterprise',
          status: 'active',
          executions24h: 0,
          executions7d: 0,
          lastUsageAt: hoursAgo(240),
          costMonthToDate: periodOf(hoursAgo(240)) === thisMonth ? 0.1 : 0,
          overQuota: [],
          overBudget: true,
        },
      ]);
      expect(answer.totals).toEqual({
        executions24h: 300 + 1500 + 60,
        executions7d: 1500 + 1500 + 60,
        costMonthToDate: cents(
          answer.tenants.reduce((sum, t) => sum + t.costMonthToDate, 0),
        ),
        overQuotaTenants: 2,
        overBudgetTenants: 2,
      });

      // The same costs, quotas and budgets as the users' routes answer.
      const usage = (await h.as('ada').get('/usage')).body.items as Array<{
        tenant: string;
        cost: number;
        overBudget: boolean;
      }>;
      for (const tenant of answer.tenants) {
        const listed = usage.find(item => item.tenant === tenant.tenant);
        expect(tenant.costMonthToDate).toBe(listed?.cost ?? 0);
        expect(tenant.overBudget).toBe(listed?.overBudget ?? tenant.overBudget);
        const quotas = (
          await h.as('ada').get(`/tenants/${tenant.tenant}/quotas`)
        ).body.quotas as Array<{
          resourceType: string;
          used: number;
          limit: number;
        }>;
        expect(tenant.overQuota).toEqual(
          quotas.filter(q => q.used > q.limit).map(q => q.resourceType),
        );
      }
      expect(
        (await h.as('ada').get('/tenants/umbrella/budget')).body.spent,
      ).toBeGreaterThanOrEqual(100);
    });

    it('answers executions and tokens per hour, over all tenants or the ones asked, to the platform-health plugin only', async () => {
      // Hours long before the other tests' usage, so the first ones are ours.
      const hour = new Date(Date.now() - 150 * 24 * HOUR_MS);
      hour.setUTCMinutes(0, 0, 0);
      const at = (hours: number) =>
        new Date(hour.getTime() + hours * HOUR_MS).toISOString();
      const row = (
        tenant: string,
        hours: number,
        type: string,
        quantity: number,
        model = '',
      ) => ({
        tenant,
        period: periodOf(at(hours)),
        hour: at(hours),
        app: '',
        agent: '',
        type,
        model,
        quantity,
        events: 1,
      });
      await bindBillingStores(h.knex).usage.addAggregated([
        row('series-a', 0, 'executions', 10),
        row('series-a', 0, 'tokens', 1000, 'gpt-4o'),
        row('series-a', 0, 'tokens', 500, 'claude-3'),
        row('series-b', 0, 'executions', 5),
        // Neither executions nor tokens: not counted, no hour of its own.
        row('series-a', 1, 'api_call', 7),
        row('series-b', 2, 'tokens', 300),
        // Before `from`'s hour.
        row('series-a', -1, 'executions', 1000),
      ]);
      const from = encodeURIComponent(
        new Date(hour.getTime() + 30 * 60_000).toISOString(),
      );
      const series = async (query: string) => {
        const res = await h
          .asPlugin('platform-health')
          .get(`/platform-usage?from=${from}${query}`);
        expect(res.status).toBe(200);
        return res.body.hours;
      };

      const all = await series('');
      expect(all.slice(0, 2)).toEqual([
        { hour: at(0), executions: 15, tokens: 1500 },
        { hour: at(2), executions: 0, tokens: 300 },
      ]);
      expect(await series('&tenant=series-a')).toEqual([
        { hour: at(0), executions: 10, tokens: 1500 },
      ]);
      expect(await series('&tenant=series-b&tenant=series-b')).toEqual([
        { hour: at(0), executions: 5, tokens: 0 },
        { hour: at(2), executions: 0, tokens: 300 },
      ]);
      expect(await series('&tenant=nobody')).toEqual([]);

      for (const other of ['catalog', 'apps']) {
        expect(
          (await h.asPlugin(other).get(`/platform-usage?from=${from}`)).status,
        ).toBe(403);
      }
      expect(
        (await h.as('ada').get(`/platform-usage?from=${from}`)).status,
      ).toBe(403);
      const platform = h.asPlugin('platform-health');
      const tooOld = new Date(Date.now() - 201 * 24 * HOUR_MS).toISOString();
      for (const query of [
        '',
        'from=yesterday',
        `from=${encodeURIComponent(tooOld)}`,
        `from=${from}&tenant=Bad!`,
      ]) {
        const res = await platform.get(`/platform-usage?${query}`);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toBeTruthy();
      }
    });

    it('answers in the same number of queries for 10 tenants as for 200', async () => {
      const now = new Date();
      const hour = new Date(now);
      hour.setUTCMinutes(0, 0, 0);
      let added = 0;
      /** Tenants with usage, a quota, a budget and an adjustment each. */
      const addTenants = async (count: number) => {
        const tenants = [];
        const usage = [];
        const quotas = [];
        const budgets = [];
        const adjustments = [];
        for (let i = 0; i < count; i++, added++) {
          const tenant = `bulk-${added}`;
          const at = now.toISOString();
          tenants.push({
            tenant,
            plan: 'free',
            status: 'active',
            updated_at: at,
          });
          usage.push({
            tenant,
            period: periodOf(hour),
            hour: hour.toISOString(),
            app: '',
            agent: '',
            type: 'executions',
            model: '',
            quantity: 2000,
            events: 1,
          });
          quotas.push({
            tenant,
            resource_type: 'tokens',
            limit_value: 10,
            updated_by: 'user:default/ada',
            updated_at: at,
          });
          budgets.push({
            tenant,
            monthly_amount: 0.5,
            thresholds: '[80,90]',
            hard_cap: false,
            updated_by: 'user:default/ada',
            updated_at: at,
          });
          adjustments.push({
            id: `00000000-0000-4000-8000-${String(added).padStart(12, '0')}`,
            tenant,
            period: periodOf(hour),
            amount: 1,
            reason: 'bulk',
            created_by: 'user:default/ada',
            created_at: at,
          });
        }
        for (const [table, rows] of [
          ['billing_tenants', tenants],
          ['billing_quotas', quotas],
          ['billing_budgets', budgets],
          ['billing_adjustments', adjustments],
        ] as const) {
          await h.knex.batchInsert(table, rows as object[], 100);
        }
        await bindBillingStores(h.knex).usage.addAggregated(usage);
      };
      const queriesOfOneSummary = async () => {
        const { queries, result } = await queriesDuring(h.knex, summary);
        return { queries, answer: result };
      };

      await addTenants(10);
      const ten = await queriesOfOneSummary();
      await addTenants(190);
      const twoHundred = await queriesOfOneSummary();

      const bulk = (answer: PlatformBillingSummary) =>
        answer.tenants.filter(t => t.tenant.startsWith('bulk-'));
      expect(bulk(ten.answer)).toHaveLength(10);
      expect(bulk(twoHundred.answer)).toHaveLength(200);
      expect(bulk(twoHundred.answer)[0]).toMatchObject({
        executions24h: 2000,
        costMonthToDate: 1,
        overQuota: ['executions'],
        overBudget: true,
      });
      expect(twoHundred.queries).toHaveLength(ten.queries.length);
      expect(ten.queries).toHaveLength(7);
    });
  });
});

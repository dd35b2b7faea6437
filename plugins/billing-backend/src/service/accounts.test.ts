import {
  createPortalTestDatabases,
  eventually,
} from '@controlplane/test-utils';
import { BILLING_NOTIFICATION_TOPICS } from '@controlplane/plugin-billing-common';
import {
  BillingHarness,
  startBillingBackend,
  usageEvent,
} from '../__testUtils__/harness';

jest.setTimeout(120_000);

/**
 * Usage, costs, quotas, budgets, adjustments and periods through the real
 * router and RBAC policy, on SQLite and PostgreSQL.
 */
describe('billing accounts', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let h: BillingHarness;
    let writer: string;

    beforeAll(async () => {
      h = await startBillingBackend(databases, databaseId);
      await h.provision({
        acme: 'professional',
        globex: 'free',
        umbrella: 'enterprise',
      });
      writer = await h.appToken(
        'usage-writer',
        ['acme', 'globex', 'umbrella'],
        ['billing:write'],
      );
    });

    afterAll(async () => {
      await h?.backend.stop();
    });

    beforeEach(() => {
      jest.clearAllMocks();
    });

    const ingest = async (events: object[]) => {
      const res = await h.asApp(writer).post('/events', { events });
      expect(res.body.rejected).toEqual([]);
      return res.body;
    };

    it('sums usage and costs from the aggregates, per type, model and group', async () => {
      await ingest([
        usageEvent({ tenant: 'globex', type: 'tokens', quantity: 2_000_000 }),
        usageEvent({
          tenant: 'globex',
          type: 'tokens',
          quantity: 1000,
          model: 'gpt-4',
          agent: 'support-bot',
        }),
        usageEvent({
          tenant: 'globex',
          type: 'executions',
          quantity: 4000,
          agent: 'support-bot',
        }),
        usageEvent({ tenant: 'globex', type: 'api_call', quantity: 10_000 }),
      ]);
      const summary = (await h.as('ada').get('/tenants/globex/usage')).body;
      expect(summary.usage).toEqual([
        { type: 'api_call', quantity: 10_000, cost: 1 },
        { type: 'executions', quantity: 4000, cost: 2 },
        // 2M at 100 per 1M, plus 1K gpt-4 tokens at 0.02 per 1K.
        { type: 'tokens', quantity: 2_001_000, cost: 200.02 },
      ]);
      expect(summary.costs).toEqual({
        usage: 203.02,
        adjustments: 0,
        total: 203.02,
        currency: 'USD',
      });
      const byAgent = (
        await h.as('ada').get('/tenants/globex/usage/details?groupBy=agent')
      ).body;
      expect(byAgent.breakdown).toEqual(
        expect.arrayContaining([
          {
            key: 'support-bot',
            quantities: { tokens: 1000, executions: 4000 },
            cost: 2.02,
          },
        ]),
      );
      const byDay = (
        await h.as('ada').get('/tenants/globex/usage/details?groupBy=day')
      ).body;
      expect(byDay.breakdown).toEqual([
        expect.objectContaining({
          key: new Date().toISOString().slice(0, 10),
          cost: 203.02,
        }),
      ]);
      const all = (await h.as('ada').get('/usage')).body;
      expect(all.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ tenant: 'globex', cost: 203.02 }),
        ]),
      );
    });

    it('answers quotas from the plan with used, remaining and percentage, and changes them audited', async () => {
      await ingest([
        usageEvent({ tenant: 'acme', type: 'executions', quantity: 40_000 }),
      ]);
      const quotas = (await h.as('tina').get('/tenants/acme/quotas')).body;
      expect(quotas.plan).toBe('professional');
      expect(quotas.quotas).toEqual(
        expect.arrayContaining([
          {
            resourceType: 'executions',
            limit: 50_000,
            used: 40_000,
            remaining: 10_000,
            percentageUsed: 80,
            source: 'plan',
          },
        ]),
      );
      const changed = await h
        .as('tina')
        .put('/tenants/acme/quotas/executions', { limit: 40_000 });
      expect(changed.status).toBe(200);
      expect(changed.body).toEqual({
        resourceType: 'executions',
        previousLimit: 50_000,
        newLimit: 40_000,
        updatedAt: expect.any(String),
      });
      const after = (
        await h.as('tina').get('/tenants/acme/quotas')
      ).body.quotas.find(
        (quota: { resourceType: string }) =>
          quota.resourceType === 'executions',
      );
      expect(after).toMatchObject({
        limit: 40_000,
        remaining: 0,
        percentageUsed: 100,
        source: 'tenant',
      });
      expect(h.auditEvents()).toEqual([
        expect.objectContaining({
          eventId: 'quota-update',
          meta: expect.objectContaining({ tenant: 'acme' }),
        }),
      ]);
      expect(h.audit.success.mock.calls[0][0]).toMatchObject({
        meta: { before: { limit: 50_000 }, after: { limit: 40_000 } },
      });
    });

    it('keeps tenant-scoped members to their tenant and refuses users without permission', async () => {
      expect((await h.as('tina').get('/tenants/globex/usage')).status).toBe(
        404,
      );
      expect(
        (await h.as('tina').put('/tenants/globex/quotas/tokens', { limit: 1 }))
          .status,
      ).toBe(404);
      const all = (await h.as('tina').get('/usage')).body;
      expect(all.items.map((item: { tenant: string }) => item.tenant)).toEqual([
        'acme',
      ]);
      expect((await h.as('nobody').get('/tenants/acme/usage')).status).toBe(
        403,
      );
      expect((await h.as('oscar').get('/tenants/acme/usage')).status).toBe(200);
      expect(
        (await h.as('oscar').put('/tenants/acme/budget', { monthlyAmount: 1 }))
          .status,
      ).toBe(403);
      expect((await h.as('tina').get('/tenants/nowhere/usage')).status).toBe(
        404,
      );
      // Credits are the platform's, not the tenant owner's.
      const before = await h.knex('billing_adjustments').count({ c: '*' });
      expect(
        (
          await h
            .as('tina')
            .post('/tenants/acme/adjustments', { amount: -100, reason: 'gift' })
        ).status,
      ).toBe(403);
      expect(await h.knex('billing_adjustments').count({ c: '*' })).toEqual(
        before,
      );
      // Every refused change is on record: the quota out of reach, the
      // operator's budget and the owner's credit.
      expect(h.audit.fail).toHaveBeenCalledTimes(3);
    });

    it('alerts each budget threshold once per period, at exactly the threshold, also when two checks race', async () => {
      // umbrella: a budget of 100 USD, thresholds 80 and 90 and a hard cap.
      const set = await h
        .as('ada')
        .put('/tenants/umbrella/budget', { monthlyAmount: 100, hardCap: true });
      expect(set.body).toMatchObject({
        thresholds: [80, 90],
        hardCap: true,
        spent: 0,
        overCap: false,
      });
      // 799,999 tokens cost 79.9999 USD: under 80 %.
      await ingest([usageEvent({ tenant: 'umbrella', quantity: 799_999 })]);
      expect(
        (await h.as('ada').get('/tenants/umbrella/budget')).body
          .crossedThresholds,
      ).toEqual([]);
      // One more token: exactly 80 USD, exactly 80 %; two batches at once.
      await Promise.all([
        ingest([usageEvent({ tenant: 'umbrella', quantity: 1 })]),
        ingest([usageEvent({ tenant: 'umbrella', quantity: 0 })]),
      ]);
      await eventually(async () => expect(h.notifications).toHaveLength(1));
      const budget = (await h.as('ada').get('/tenants/umbrella/budget')).body;
      expect(budget).toMatchObject({
        spent: 80,
        percentageUsed: 80,
        crossedThresholds: [80],
        overCap: false,
      });
      expect(h.notifications[0]).toEqual({
        recipients: {
          type: 'entity',
          entityRef: ['group:default/umbrella-owners'],
        },
        payload: {
          topic: BILLING_NOTIFICATION_TOPICS.budgetThreshold,
          title: 'umbrella reached 80 % of its monthly budget',
          description: expect.stringMatching(/^Spent 80 \w+ of 100 in /),
          link: '/billing/tenants/umbrella',
          severity: 'high',
        },
      });
      await ingest([usageEvent({ tenant: 'umbrella', quantity: 1000 })]);
      // Exactly the cap: over cap (apps should block), 90 % alerted once.
      await ingest([usageEvent({ tenant: 'umbrella', quantity: 199_000 })]);
      await eventually(async () => expect(h.notifications).toHaveLength(2));
      expect(h.notifications[1].payload).toMatchObject({
        topic: 'budget-threshold',
        title: 'umbrella reached 90 % of its monthly budget',
        link: '/billing/tenants/umbrella',
      });
      const capped = (await h.as('ada').get('/tenants/umbrella/budget')).body;
      expect(capped).toMatchObject({
        spent: 100,
        crossedThresholds: [80, 90],
        overCap: true,
      });
      // Recording goes on over the cap.
      const more = await ingest([
        usageEvent({ tenant: 'umbrella', quantity: 10 }),
      ]);
      expect(more.created).toHaveLength(1);
      expect(
        await h.knex('billing_budget_alerts').where({ tenant: 'umbrella' }),
      ).toHaveLength(2);
      // The platform-wide list marks the tenants at or over their budget.
      const all = (await h.as('ada').get('/usage')).body.items;
      expect(
        all.find((row: { tenant: string }) => row.tenant === 'umbrella'),
      ).toMatchObject({ overBudget: true });
      expect(
        all
          .filter((row: { tenant: string }) => row.tenant !== 'umbrella')
          .every((row: { overBudget: boolean }) => row.overBudget === false),
      ).toBe(true);
    });

    it('credits a tenant with a reason, audited, and counts it in the total', async () => {
      const before = (await h.as('ada').get('/tenants/globex/usage')).body.costs
        .total;
      const credit = await h.as('ada').post('/tenants/globex/adjustments', {
        amount: -3.02,
        reason: 'outage credit',
      });
      expect(credit.status).toBe(201);
      expect(credit.body).toMatchObject({
        amount: -3.02,
        reason: 'outage credit',
        createdBy: 'user:default/ada',
      });
      const after = (await h.as('ada').get('/tenants/globex/usage')).body.costs;
      expect(after.adjustments).toBe(-3.02);
      expect(after.total).toBe(Math.round((before - 3.02) * 100) / 100);
      expect(h.auditEvents()).toEqual([
        expect.objectContaining({
          eventId: 'adjustment-create',
          severityLevel: 'high',
        }),
      ]);
      expect(
        (
          await h
            .as('ada')
            .post('/tenants/globex/adjustments', { amount: 5, reason: '' })
        ).status,
      ).toBe(400);
    });

    it('closes an ended period once, freezing its totals, and refuses its events afterwards', async () => {
      const old = usageEvent({
        tenant: 'acme',
        timestamp: '2026-01-15T12:00:00.000Z',
        quantity: 500_000,
      });
      await ingest([old]);
      await h.scheduler.triggerTask('billing-close-periods');
      await h.scheduler.triggerTask('billing-close-periods');
      const periods = (await h.as('ada').get('/tenants/acme/periods')).body
        .items;
      expect(
        periods.find((p: { id: string }) => p.id === '2026-01'),
      ).toMatchObject({
        status: 'closed',
        totalCost: 50,
        closedAt: expect.any(String),
      });
      expect(periods[0]).toMatchObject({
        id: new Date().toISOString().slice(0, 7),
        status: 'open',
      });
      expect(
        await h.knex('billing_period_totals').where({ period: '2026-01' }),
      ).toEqual([
        expect.objectContaining({ tenant: 'acme', type: 'tokens', cost: 50 }),
      ]);
      const late = await h.asApp(writer).post('/events', {
        events: [
          usageEvent({
            tenant: 'acme',
            timestamp: '2026-01-20T00:00:00.000Z',
          }),
        ],
      });
      expect(late.body.rejected[0].reason).toBe('the period 2026-01 is closed');
    });

    it('answers pricing and estimates a projected mix', async () => {
      const pricing = (await h.as('nobody').get('/pricing')).body;
      expect(pricing.units).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            type: 'tokens',
            per: 1_000_000,
            price: 100,
          }),
        ]),
      );
      const estimate = await h.as('nobody').post('/estimate', {
        plan: 'professional',
        quantities: { tokens: 10_000_000, executions: 300_000 },
        models: { 'claude-3-opus': 1_000_000 },
      });
      expect(estimate.body).toMatchObject({
        plan: 'professional',
        lines: [
          { type: 'tokens', quantity: 10_000_000, cost: 1000 },
          { type: 'executions', quantity: 300_000, cost: 150 },
          { type: 'tokens:claude-3-opus', quantity: 1_000_000, cost: 30 },
        ],
        platformFee: 99,
        total: 1279,
        currency: 'USD',
      });
      expect(estimate.body.recommendations).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/enterprise plan includes/),
        ]),
      );
    });
  });
});

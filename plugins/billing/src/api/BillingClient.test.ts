import {
  fakeBackend,
  jsonResponse as json,
} from '@controlplane/frontend-common/testUtils';
import { BillingClient } from './BillingClient';

const setup = (response: (url: string) => Response = () => json({})) => {
  const backend = fakeBackend(response);
  return { ...backend, client: new BillingClient(backend) };
};

const base = 'http://backstage/api/billing';

describe('BillingClient', () => {
  it('reads usage, details, periods, quotas and adjustments at their URLs', async () => {
    const { client, calls } = setup();
    await client.listTenantUsage();
    await client.listTenantUsage('2026-11');
    await client.getUsage('acme');
    await client.getUsageDetails('acme', 'day', '2026-11');
    await client.listPeriods('acme');
    await client.listQuotas('acme');
    await client.listAdjustments('acme');
    await client.getPricing();
    expect(calls()).toEqual([
      ['GET', `${base}/usage`],
      ['GET', `${base}/usage?period=2026-11`],
      ['GET', `${base}/tenants/acme/usage`],
      ['GET', `${base}/tenants/acme/usage/details?groupBy=day&period=2026-11`],
      ['GET', `${base}/tenants/acme/periods`],
      ['GET', `${base}/tenants/acme/quotas`],
      ['GET', `${base}/tenants/acme/adjustments`],
      ['GET', `${base}/pricing`],
    ]);
  });

  it('sends changes with their bodies', async () => {
    const { client, calls, bodies } = setup();
    await client.updateQuota('acme', 'tokens', 2_000_000, 'launch');
    await client.updateQuota('acme', 'api_call', 0);
    await client.setBudget('acme', { monthlyAmount: 500, hardCap: true });
    await client.createAdjustment('acme', -25, 'outage credit');
    await client.estimate({ plan: 'starter', quantities: { tokens: 1000 } });
    expect(calls()).toEqual([
      ['PUT', `${base}/tenants/acme/quotas/tokens`],
      ['PUT', `${base}/tenants/acme/quotas/api_call`],
      ['PUT', `${base}/tenants/acme/budget`],
      ['POST', `${base}/tenants/acme/adjustments`],
      ['POST', `${base}/estimate`],
    ]);
    expect(bodies()).toEqual([
      { limit: 2_000_000, reason: 'launch' },
      { limit: 0 },
      { monthlyAmount: 500, hardCap: true },
      { amount: -25, reason: 'outage credit' },
      { plan: 'starter', quantities: { tokens: 1000 } },
    ]);
  });

  it('answers no budget for a 404, and throws other errors', async () => {
    const notFound = setup(() =>
      json({ error: { name: 'NotFoundError', message: 'No budget' } }, 404),
    );
    await expect(notFound.client.getBudget('acme')).resolves.toBeUndefined();
    const denied = setup(() =>
      json({ error: { name: 'NotAllowedError', message: 'no' } }, 403),
    );
    await expect(denied.client.getBudget('acme')).rejects.toThrow();
  });
});

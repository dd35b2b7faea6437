import { screen, within } from '@testing-library/react';
import { jsonResponse as json } from '@controlplane/frontend-common/testUtils';
import { fakeBillingBackend, renderBilling } from '../__testUtils__';
import { UsageBudgetCard } from './UsageBudgetCard';

const budget = {
  tenant: 'acme',
  monthlyAmount: 110,
  thresholds: [80, 90],
  hardCap: false,
  period: '2026-12',
  spent: 100.05,
  percentageUsed: 90.95,
  crossedThresholds: [80, 90],
  overCap: false,
};

describe('UsageBudgetCard', () => {
  it("shows the member's tenant: cost, budget and quotas of the period", async () => {
    const backend = fakeBillingBackend({ budget });
    backend.respond('GET /tenants', request =>
      json({
        items:
          request.query.get('mine') === 'true'
            ? [{ tenant: 'acme', plan: 'professional', status: 'active' }]
            : [],
      }),
    );
    await renderBilling(<UsageBudgetCard />, { backend, path: '/billing' });
    const acme = await screen.findByRole('region', { name: 'Billing of acme' });
    expect(within(acme).getByRole('link', { name: 'acme' })).toHaveAttribute(
      'href',
      '/billing/tenants/acme',
    );
    expect(
      await within(acme).findByText(/cost so far 100.05 USD/),
    ).toBeInTheDocument();
    expect(
      within(acme).getByRole('group', { name: 'Budget' }),
    ).toHaveTextContent('Budget: 100.05 USD of 110.00 USD (90.95 %) — near');
    expect(
      within(acme).getByRole('group', { name: 'tokens' }),
    ).toHaveTextContent('tokens: 800,000 of 1,000,000 (80 %) — near');
    expect(
      within(acme).getByRole('group', { name: 'api_call' }),
    ).toHaveTextContent('api_call: 1,200 of 10,000 (12 %)');
    expect(
      within(acme).getByRole('group', { name: 'api_call' }),
    ).not.toHaveTextContent('near');
  });

  it('says when no budget is set', async () => {
    const backend = fakeBillingBackend();
    backend.respond('GET /tenants', () =>
      json({
        items: [{ tenant: 'acme', plan: 'professional', status: 'active' }],
      }),
    );
    await renderBilling(<UsageBudgetCard />, { backend, path: '/billing' });
    expect(
      await screen.findByText('No monthly budget is set.'),
    ).toBeInTheDocument();
  });

  it('tells platform staff they are a member of no tenant, and asks nothing more', async () => {
    const backend = fakeBillingBackend();
    backend.respond('GET /tenants', () => json({ items: [] }));
    await renderBilling(<UsageBudgetCard />, { backend, path: '/billing' });
    expect(
      await screen.findByText(/You are not a member of a tenant/),
    ).toBeInTheDocument();
    expect(backend.requestsTo('GET', '/tenants/acme/quotas')).toHaveLength(0);
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { billingUsageReadPermission } from '@controlplane/plugin-billing-common';
import { fakeBillingBackend, renderBilling } from '../__testUtils__';
import { BillingPage } from './BillingPage';

jest.setTimeout(30_000);

const renderTenant = (backend = fakeBillingBackend(), held?: string[]) =>
  renderBilling(<BillingPage />, {
    backend,
    held,
    path: '/billing/tenants/acme',
  });

describe('the billing page', () => {
  it("lists the tenants in reach with their usage and cost, each linking to the tenant's view", async () => {
    const backend = fakeBillingBackend({ tenants: ['acme', 'globex'] });
    await renderBilling(<BillingPage />, { backend, path: '/billing' });
    const table = await screen.findByRole('table', { name: "Tenants' usage" });
    const acme = (
      await within(table).findByRole('link', { name: 'acme' })
    ).closest('tr')!;
    expect(acme).toHaveTextContent('1,000,000');
    expect(acme).toHaveTextContent('100.05 USD');
    expect(within(table).getByRole('link', { name: 'globex' })).toHaveAttribute(
      'href',
      '/billing/tenants/globex',
    );
    expect(
      screen.getByText('Usage and costs of 2026-12 (open until it closes)'),
    ).toBeInTheDocument();
  });

  it("shows a tenant's usage, cost per day, breakdown, quotas and periods", async () => {
    const backend = fakeBillingBackend();
    await renderTenant(backend);
    const usage = await screen.findByRole('table', { name: 'Usage' });
    expect(await within(usage).findByText('1,000,000')).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: 'Cost per day' }),
    ).toBeInTheDocument();
    expect(await screen.findByText(/total/)).toHaveTextContent(
      'total 100.05 USD',
    );
    const quotas = await screen.findByRole('list', { name: 'Quotas' });
    expect(
      within(quotas).getByRole('listitem', { name: 'tokens' }),
    ).toHaveTextContent('tokens: 800,000 of 1,000,000 (80 %)');
    const periods = await screen.findByRole('table', { name: 'Periods' });
    expect(await within(periods).findByText('2026-12')).toBeInTheDocument();
    // The breakdown asks again when the grouping changes.
    await userEvent.click(screen.getByLabelText('Group by'));
    await userEvent.click(await screen.findByRole('option', { name: 'Day' }));
    await waitFor(() =>
      expect(
        backend
          .requestsTo('GET', '/tenants/acme/usage/details')
          .map(r => r.query.get('groupBy')),
      ).toContain('day'),
    );
    expect(
      await screen.findByRole('table', { name: 'Usage by day' }),
    ).toHaveTextContent('2026-12-02');
  });

  it('offers no changes to a user who may only read', async () => {
    await renderTenant(fakeBillingBackend(), [billingUsageReadPermission.name]);
    await screen.findByRole('listitem', { name: 'tokens' });
    await screen.findByText('No budget');
    expect(screen.queryByRole('button', { name: /Edit quota/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Set budget' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add adjustment' })).toBeNull();
  });

  it('changes a quota, refusing a bad limit in the form first', async () => {
    const backend = fakeBillingBackend();
    await renderTenant(backend);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Edit quota tokens' }),
    );
    const dialog = await screen.findByRole('dialog');
    const limit = within(dialog).getByLabelText('Limit');
    await userEvent.clear(limit);
    await userEvent.type(limit, '-5');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      within(dialog).getByText(
        'Limit must be between 0 and 1,000,000,000,000,000',
      ),
    ).toBeInTheDocument();
    await userEvent.clear(limit);
    await userEvent.type(limit, 'lots');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      within(dialog).getByText('Limit must be a number'),
    ).toBeInTheDocument();
    expect(
      backend.requestsTo('PUT', '/tenants/acme/quotas/tokens'),
    ).toHaveLength(0);

    await userEvent.clear(limit);
    await userEvent.type(limit, '2000000');
    await userEvent.type(within(dialog).getByLabelText('Reason'), 'launch');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(
      backend.requestsTo('PUT', '/tenants/acme/quotas/tokens').map(r => r.body),
    ).toEqual([{ limit: 2_000_000, reason: 'launch' }]);
    expect(
      await screen.findByRole('listitem', { name: 'tokens' }),
    ).toHaveTextContent(
      'tokens: 800,000 of 2,000,000 (40 %), set for this tenant',
    );
  });

  it('shows "No budget", then sets one with thresholds and a hard cap', async () => {
    const backend = fakeBillingBackend();
    await renderTenant(backend);
    expect(await screen.findByText('No budget')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Set budget' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByLabelText('Monthly amount (USD)'),
      '500',
    );
    const thresholds = within(dialog).getByLabelText('Alert thresholds (%)');
    await userEvent.clear(thresholds);
    await userEvent.type(thresholds, '50, 150');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      within(dialog).getByText(
        'Thresholds are whole percentages from 1 to 100',
      ),
    ).toBeInTheDocument();
    await userEvent.clear(thresholds);
    await userEvent.type(thresholds, '90, 50');
    await userEvent.click(within(dialog).getByLabelText(/Hard cap/));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(
      backend.requestsTo('PUT', '/tenants/acme/budget').map(r => r.body),
    ).toEqual([{ monthlyAmount: 500, thresholds: [50, 90], hardCap: true }]);
    expect(await screen.findByLabelText('Budget')).toHaveTextContent(
      'Spent 100.05 USD of 500.00 USD in 2026-12 (20.01 %)',
    );
    expect(screen.getByText('hard cap')).toBeInTheDocument();
  });

  it('credits the tenant with a reason, which is required', async () => {
    const backend = fakeBillingBackend();
    await renderTenant(backend);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Add adjustment' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText('Amount (USD)'), '-25');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(
      within(dialog).getByText('A reason is required'),
    ).toBeInTheDocument();
    expect(
      backend.requestsTo('POST', '/tenants/acme/adjustments'),
    ).toHaveLength(0);
    await userEvent.type(
      within(dialog).getByLabelText('Reason'),
      'outage credit',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    const table = await screen.findByRole('table', { name: 'Adjustments' });
    expect(await within(table).findByText('outage credit')).toBeInTheDocument();
    expect(
      backend.requestsTo('POST', '/tenants/acme/adjustments').map(r => r.body),
    ).toEqual([{ amount: -25, reason: 'outage credit' }]);
  });

  it('estimates a projected month from a plan and quantities', async () => {
    const backend = fakeBillingBackend();
    await renderBilling(<BillingPage />, { backend, path: '/billing' });
    const tokens = await screen.findByLabelText('tokens');
    expect(screen.getByText('100.00 USD per 1M tokens')).toBeInTheDocument();
    await userEvent.type(tokens, '-1');
    await userEvent.click(screen.getByRole('button', { name: 'Estimate' }));
    expect(
      screen.getByText('tokens must be between 0 and 1,000,000,000,000'),
    ).toBeInTheDocument();
    expect(backend.requestsTo('POST', '/estimate')).toHaveLength(0);
    await userEvent.clear(tokens);
    await userEvent.type(tokens, '5000000');
    await userEvent.click(screen.getByRole('button', { name: 'Estimate' }));
    expect(await screen.findByLabelText('Estimate')).toHaveTextContent(
      'Platform fee 49.00 USD, total 549.00 USD on starter',
    );
    expect(backend.requestsTo('POST', '/estimate').map(r => r.body)).toEqual([
      { plan: 'starter', quantities: { tokens: 5_000_000 } },
    ]);
  });
});

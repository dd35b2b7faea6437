import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  billingAdjustmentCreatePermission,
  billingQuotaUpdatePermission,
  billingUsageReadPermission,
} from '@controlplane/plugin-billing-common';
import { errorResponse } from '@controlplane/frontend-common/testUtils';
import { fakeBillingBackend, renderBilling } from '../__testUtils__';
import { BillingPage } from './BillingPage';

jest.setTimeout(30_000);

const renderTenant = (
  backend = fakeBillingBackend(),
  permissions?: Parameters<typeof renderBilling>[1]['permissions'],
  tenant = 'acme',
) =>
  renderBilling(<BillingPage />, {
    backend,
    permissions,
    path: `/billing/tenants/${tenant}`,
  });

/** Replaces what a field holds with `text` (nothing typed for ''). */
async function retype(field: HTMLElement, text: string) {
  await userEvent.clear(field);
  if (text) await userEvent.type(field, text);
}

/** The files "Download CSV" saves: their names and contents. */
function captureDownloads() {
  const files: { name: string; blob: Blob }[] = [];
  const blobs: Blob[] = [];
  URL.createObjectURL = jest.fn((blob: Blob) => {
    blobs.push(blob);
    return `blob:${blobs.length}`;
  });
  URL.revokeObjectURL = jest.fn();
  const click = jest
    .spyOn(HTMLAnchorElement.prototype, 'click')
    .mockImplementation(function save(this: HTMLAnchorElement) {
      files.push({ name: this.download, blob: blobs[blobs.length - 1] });
    });
  return { files, restore: () => click.mockRestore() };
}

describe('the billing page', () => {
  it("lists the tenants in reach with their usage, cost and totals, each linking to the tenant's view", async () => {
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
    expect(screen.getByLabelText('Totals')).toHaveTextContent(
      'Total of 2 tenants: api_call 1,000, tokens 3,000,000; cost 300.15 USD',
    );
    expect(
      screen.getByText('Usage and costs of 2026-12 (open until it closes)'),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'All tenants' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  it('downloads the rows shown as CSV', async () => {
    const downloads = captureDownloads();
    try {
      const backend = fakeBillingBackend({ tenants: ['acme', 'globex'] });
      await renderBilling(<BillingPage />, { backend, path: '/billing' });
      await screen.findByRole('link', { name: 'globex' });
      await userEvent.click(
        screen.getByRole('button', { name: 'Download CSV' }),
      );
      expect(downloads.files.map(f => f.name)).toEqual(['usage-2026-12.csv']);
      expect(await downloads.files[0].blob.text()).toBe(
        [
          'tenant,api_call,tokens,cost,over_budget',
          'acme,500,1000000,100.05,false',
          'globex,500,2000000,200.1,false',
          '',
        ].join('\r\n'),
      );
    } finally {
      downloads.restore();
    }
  });

  it("shows a tenant owner only their tenant, and no changes they can't make", async () => {
    // The backend answers tenant owners with their tenants only.
    const backend = fakeBillingBackend({ tenants: ['acme'] });
    await renderBilling(<BillingPage />, {
      backend,
      path: '/billing',
      permissions: { allow: [billingUsageReadPermission.name] },
    });
    const table = await screen.findByRole('table', { name: "Tenants' usage" });
    await within(table).findByRole('link', { name: 'acme' });
    expect(within(table).getAllByRole('link')).toHaveLength(1);

    await userEvent.click(screen.getByRole('tab', { name: 'Tenant' }));
    expect(
      await screen.findByRole('tab', { name: 'Tenant', selected: true }),
    ).toBeInTheDocument();
    await screen.findByRole('listitem', { name: 'tokens' });
    await screen.findByText('No budget');
    await userEvent.click(screen.getByRole('button', { name: /Tenant/ }));
    expect(
      (await screen.findAllByRole('option')).map(o => o.textContent),
    ).toEqual(['acme']);
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('button', { name: /Edit quota/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Set budget' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add adjustment' })).toBeNull();
    expect(
      backend.requests.filter(r => r.path.startsWith('/tenants/globex')),
    ).toEqual([]);
  });

  it('offers Edit only on the tenants where the user may change quotas', async () => {
    const backend = fakeBillingBackend({ tenants: ['acme', 'globex'] });
    await renderTenant(
      backend,
      { allowOn: { [billingQuotaUpdatePermission.name]: ['acme'] } },
      'globex',
    );
    // Asked at the same time as the quota permission, allowed on globex.
    await screen.findByRole('button', { name: 'Set budget' });
    await screen.findByRole('listitem', { name: 'tokens' });
    expect(screen.queryByRole('button', { name: /Edit quota/ })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: /Tenant/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'acme' }));
    expect(
      await screen.findByRole('button', { name: 'Edit quota tokens' }),
    ).toBeInTheDocument();
    expect(
      backend.requestsTo('GET', '/tenants/acme/quotas').length,
    ).toBeGreaterThan(0);
  });

  it('takes a typed tenant when none in reach has usage, once typing pauses', async () => {
    const backend = fakeBillingBackend({ tenants: ['acme'], withUsage: [] });
    await renderBilling(<BillingPage />, { backend, path: '/billing/tenants' });
    expect(
      await screen.findByText(
        'Enter a tenant to see its usage, quotas and budget.',
      ),
    ).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Tenant'), 'acme');
    const usage = await screen.findByRole('table', { name: 'Usage' });
    expect(await within(usage).findByText('1,000,000')).toBeInTheDocument();
    expect(
      backend.requests
        .filter(r => r.path.startsWith('/tenants/'))
        .map(r => r.path),
    ).not.toContainEqual(expect.stringMatching(/^\/tenants\/(a|ac|acm)\//));
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
    await renderTenant(fakeBillingBackend(), {
      allow: [billingUsageReadPermission.name],
    });
    await screen.findByRole('listitem', { name: 'tokens' });
    await screen.findByText('No budget');
    expect(screen.queryByRole('button', { name: /Edit quota/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Set budget' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add adjustment' })).toBeNull();
  });

  it('changes a quota, refusing a bad limit in the form first', async () => {
    const backend = fakeBillingBackend();
    await renderTenant(backend, {
      allow: [billingUsageReadPermission.name],
      allowOn: { [billingQuotaUpdatePermission.name]: ['acme'] },
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Edit quota tokens' }),
    );
    const dialog = await screen.findByRole('dialog');
    const limit = within(dialog).getByLabelText('Limit');
    const outOfRange = 'Limit must be between 0 and 1,000,000,000,000,000';
    for (const [typed, refusal] of [
      ['-5', outOfRange],
      ['1e20', outOfRange],
      ['lots', 'Limit must be a number'],
      ['', 'Limit is required'],
    ]) {
      await retype(limit, typed);
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Save' }),
      );
      expect(within(dialog).getByText(refusal)).toBeInTheDocument();
    }
    expect(
      backend.requestsTo('PUT', '/tenants/acme/quotas/tokens'),
    ).toHaveLength(0);

    await retype(limit, '2000000');
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

  it("shows the server's refusal in the dialog and keeps it open", async () => {
    const backend = fakeBillingBackend();
    backend.respond('PUT /tenants/acme/quotas/tokens', () =>
      errorResponse(404, 'NotFoundError', 'No tenant acme'),
    );
    await renderTenant(backend);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Edit quota tokens' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText(/No tenant acme/)).toBeVisible();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('shows "No budget", then sets one with thresholds and a hard cap', async () => {
    const backend = fakeBillingBackend();
    await renderTenant(backend);
    expect(await screen.findByText('No budget')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Set budget' }));
    const dialog = await screen.findByRole('dialog');
    const amount = within(dialog).getByLabelText('Monthly amount (USD)');
    await userEvent.type(amount, '-500');
    const thresholds = within(dialog).getByLabelText('Alert thresholds (%)');
    await retype(thresholds, '50, 150');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      within(dialog).getByText(
        'Monthly amount must be between 0 and 1,000,000,000',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        'Thresholds are whole percentages from 1 to 100',
      ),
    ).toBeInTheDocument();
    expect(backend.requestsTo('PUT', '/tenants/acme/budget')).toHaveLength(0);
    await retype(amount, '500');
    await retype(thresholds, '90, 50');
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
    await renderTenant(backend, {
      allow: [
        billingUsageReadPermission.name,
        billingAdjustmentCreatePermission.name,
      ],
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Add adjustment' }),
    );
    expect(screen.queryByRole('button', { name: 'Set budget' })).toBeNull();
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/Amount/), '0');
    await userEvent.type(within(dialog).getByLabelText(/Reason/), '   ');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(
      within(dialog).getByText('Amount must not be 0'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('A reason is required'),
    ).toBeInTheDocument();
    await retype(within(dialog).getByLabelText(/Amount/), '-25');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(
      within(dialog).getByText('A reason is required'),
    ).toBeInTheDocument();
    expect(
      backend.requestsTo('POST', '/tenants/acme/adjustments'),
    ).toHaveLength(0);
    await userEvent.type(
      within(dialog).getByLabelText(/Reason/),
      'outage credit',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    const table = await screen.findByRole('table', { name: 'Adjustments' });
    const row = (await within(table).findByText('outage credit')).closest(
      'tr',
    )!;
    expect(
      within(row).getByRole('link', { name: 'Ada Admin' }),
    ).toHaveAttribute('href', '/catalog/default/user/ada');
    expect(
      backend.requestsTo('POST', '/tenants/acme/adjustments').map(r => r.body),
    ).toEqual([{ amount: -25, reason: 'outage credit' }]);
  });

  it('estimates a projected month from a plan and quantities', async () => {
    const backend = fakeBillingBackend();
    await renderBilling(<BillingPage />, { backend, path: '/billing' });
    const tokens = await screen.findByLabelText('tokens');
    expect(screen.getByText('100.00 USD per 1M tokens')).toBeInTheDocument();
    expect(
      screen.getByText('Tokens per model: gpt-4o 5.00 USD per 1,000,000'),
    ).toBeInTheDocument();
    await userEvent.type(tokens, '-1');
    await userEvent.click(screen.getByRole('button', { name: 'Estimate' }));
    expect(
      screen.getByText('tokens must be between 0 and 1,000,000,000,000'),
    ).toBeInTheDocument();
    expect(backend.requestsTo('POST', '/estimate')).toHaveLength(0);
    await retype(tokens, '5000000');
    await userEvent.click(screen.getByLabelText('Plan'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'free (0.00 USD a month)' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Estimate' }));
    expect(await screen.findByLabelText('Estimate')).toHaveTextContent(
      'Platform fee 49.00 USD, total 549.00 USD on free',
    );
    expect(backend.requestsTo('POST', '/estimate').map(r => r.body)).toEqual([
      { plan: 'free', quantities: { tokens: 5_000_000 } },
    ]);
  });
});

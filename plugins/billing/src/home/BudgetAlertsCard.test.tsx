import { screen } from '@testing-library/react';
import {
  errorResponse,
  jsonResponse as json,
} from '@controlplane/frontend-common/testUtils';
import { fakeBillingBackend, renderBilling } from '../__testUtils__';
import { BudgetAlertsCard } from './BudgetAlertsCard';

const minutesAgo = (minutes: number) =>
  new Date(Date.now() - minutes * 60_000).toISOString();

describe('BudgetAlertsCard', () => {
  it("lists the last day's budget alerts, each linked to the tenant's billing", async () => {
    const backend = fakeBillingBackend();
    backend.respond('GET /budget-alerts', () =>
      json({
        since: minutesAgo(24 * 60),
        items: [
          {
            tenant: 'acme',
            period: '2026-12',
            threshold: 100,
            crossedAt: minutesAgo(5),
          },
          {
            tenant: 'globex',
            period: '2026-12',
            threshold: 80,
            crossedAt: minutesAgo(180),
          },
        ],
        total: 12,
      }),
    );
    await renderBilling(<BudgetAlertsCard />, { backend, path: '/billing' });
    const acme = await screen.findByRole('link', {
      name: 'acme reached 100 % of its budget',
    });
    expect(acme).toHaveAttribute('href', '/billing/tenants/acme');
    expect(acme.closest('li')).toHaveTextContent('2026-12 · 5 min');
    expect(
      screen.getByRole('link', { name: 'globex reached 80 % of its budget' }),
    ).toHaveAttribute('href', '/billing/tenants/globex');
    // More than shown: the link says how many there are.
    expect(
      screen.getByRole('link', { name: "All tenants' usage (12)" }),
    ).toHaveAttribute('href', '/billing');
    expect(backend.requestsTo('GET', '/budget-alerts')).toHaveLength(1);
  });

  it('says when no threshold was crossed', async () => {
    const backend = fakeBillingBackend();
    backend.respond('GET /budget-alerts', () =>
      json({ since: minutesAgo(24 * 60), items: [], total: 0 }),
    );
    await renderBilling(<BudgetAlertsCard />, { backend, path: '/billing' });
    expect(
      await screen.findByText(
        'No budget threshold was crossed in the last 24 hours.',
      ),
    ).toBeInTheDocument();
  });

  it("shows the backend's refusal", async () => {
    const backend = fakeBillingBackend();
    backend.respond('GET /budget-alerts', () =>
      errorResponse(
        403,
        'NotAllowedError',
        'You are not allowed billing.usage.read',
      ),
    );
    await renderBilling(<BudgetAlertsCard />, { backend, path: '/billing' });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'You are not allowed billing.usage.read',
    );
  });
});

import { screen, within } from '@testing-library/react';
import {
  fakePlatformHealthBackend,
  renderPlatformHealth,
  tenantOverview,
} from '../__testUtils__';
import { PlatformHealthPage } from './PlatformHealthPage';

jest.setTimeout(30_000);

const renderTenant = (tenant: string) => {
  const backend = fakePlatformHealthBackend({
    tenants: { acme: tenantOverview('acme') },
  });
  return {
    backend,
    rendered: renderPlatformHealth(<PlatformHealthPage />, {
      backend,
      path: `/platform/tenants/${tenant}`,
      mountPath: '/platform/*',
    }),
  };
};

describe("a tenant's health page", () => {
  it("shows the tenant's API health, signals, usage, entitlement, incidents and admin activity", async () => {
    const { backend, rendered } = renderTenant('acme');
    await rendered;

    const api = await screen.findByRole('region', { name: 'API' });
    expect(within(api).getByRole('status')).toHaveAccessibleName(
      'Status: Warn',
    );
    expect(backend.requestsTo('GET', '/overview')[0].query.get('tenant')).toBe(
      'acme',
    );
    expect(screen.getByText(/Figures of this tenant/)).toBeInTheDocument();

    const signals = screen.getByRole('region', { name: 'Tenant health' });
    expect(within(signals).getByLabelText('At risk')).toHaveTextContent(
      'yes: failure rate, drift',
    );
    expect(
      within(signals).getByLabelText('Failure rate 24h'),
    ).toHaveTextContent('25% (30 of 120)');
    expect(within(signals).getByLabelText('Drift 7d')).toHaveTextContent(
      '6 detections in 2 environments, 1 drifted now',
    );
    expect(
      within(signals).getByLabelText('Credential issues 7d'),
    ).toHaveTextContent('none');

    for (const name of ['Database', 'Scheduled jobs']) {
      expect(screen.queryByRole('region', { name })).not.toBeInTheDocument();
    }
    expect(
      within(screen.getByRole('region', { name: 'Revenue' })).queryByLabelText(
        'MRR',
      ),
    ).not.toBeInTheDocument();
    expect(
      within(screen.getByRole('table', { name: 'Incident queue' })).getByRole(
        'link',
        { name: 'Checkout fails' },
      ),
    ).toHaveAttribute(
      'href',
      '/incidents/6f1c1a52-93a4-4c43-9d0e-0a4cf2a0c001',
    );
  });

  it("links to the tenant's page, billing and audit trail", async () => {
    const { rendered } = renderTenant('acme');
    await rendered;
    await screen.findByRole('region', { name: 'Tenant health' });

    const tenantLinks = screen.getAllByRole('link', { name: 'Tenant page' });
    expect(tenantLinks.map(link => link.getAttribute('href'))).toEqual([
      '/tenants/acme',
      '/tenants/acme',
    ]);
    const hrefs = (name: string) =>
      screen
        .getAllByRole('link', { name })
        .map(link => link.getAttribute('href'));
    expect(hrefs('Billing')).toEqual([
      '/billing/tenants/acme',
      '/billing/tenants/acme',
    ]);
    expect(hrefs('Audit trail')).toEqual([
      '/audit?tenant=acme',
      '/audit?tenant=acme',
    ]);
    expect(hrefs('Incidents')).toEqual(['/incidents?tenant=acme']);
    expect(
      screen.getByRole('link', { name: 'Platform dashboard' }),
    ).toHaveAttribute('href', '/platform');
  });

  it('says so when the tenant is out of reach (404)', async () => {
    const { rendered } = renderTenant('globex');
    await rendered;

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'There is no tenant globex in your reach.',
    );
    expect(
      screen.queryByRole('region', { name: 'API' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'Tenant page' }),
    ).not.toBeInTheDocument();
  });
});

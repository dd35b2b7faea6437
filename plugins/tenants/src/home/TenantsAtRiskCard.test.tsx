import { screen, within } from '@testing-library/react';
import { pageAccessApiRef } from '@controlplane/frontend-common';
import {
  fakePageAccess,
  renderWithApis as renderWith,
} from '@controlplane/frontend-common/testUtils';
import { tenantsApiRef } from '../api';
import { fakeTenantsApi, renderWithApis, tenant } from '../__testUtils__';
import { TenantsAtRiskCard } from './TenantsAtRiskCard';

const suspended = tenant('initech', {
  displayName: 'Initech',
  status: 'suspended',
  statusReason: 'Invoices unpaid',
});

const item = async (name: string) =>
  (await screen.findByRole('link', { name })).closest('li')!;

describe('TenantsAtRiskCard', () => {
  it('lists suspended tenants and those the platform dashboard flags, each with its reasons', async () => {
    const api = fakeTenantsApi({ tenants: [suspended] });
    api.getRiskSignals.mockResolvedValue({
      at_risk_tenants: [
        { tenant: 'globex', reasons: ['failure-rate', 'credential-failures'] },
      ],
      entitlement_exceptions: [
        {
          tenant: 'acme',
          plan: 'starter',
          over_quota: ['tokens'],
          over_budget: true,
        },
        {
          tenant: 'initech',
          plan: 'starter',
          over_quota: [],
          over_budget: true,
        },
      ],
    });
    await renderWithApis(<TenantsAtRiskCard />, { api });
    expect(api.listTenants).toHaveBeenCalledWith(
      expect.objectContaining({ status: 'suspended' }),
    );
    const initech = await item('Initech');
    expect(initech).toHaveTextContent(
      'Suspended: Invoices unpaid · Over budget',
    );
    expect(
      within(initech).getByRole('link', { name: 'Initech' }),
    ).toHaveAttribute('href', '/tenants/initech');
    expect(await item('globex')).toHaveTextContent(
      'Failing calls · Credential failures',
    );
    expect(await item('acme')).toHaveTextContent(
      'Over quota: tokens · Over budget',
    );
    expect(
      screen.getByRole('link', { name: 'Suspended tenants' }),
    ).toHaveAttribute('href', '/tenants?status=suspended');
    expect(
      screen.getByRole('link', { name: 'Platform dashboard' }),
    ).toBeInTheDocument();
  });

  it('says when no tenant is at risk', async () => {
    const api = fakeTenantsApi({ tenants: [] });
    await renderWithApis(<TenantsAtRiskCard />, { api });
    expect(
      await screen.findByText('No tenant is suspended or at risk.'),
    ).toBeInTheDocument();
  });

  it('still lists suspended tenants when the dashboard signals fail', async () => {
    const api = fakeTenantsApi({ tenants: [suspended] });
    api.getRiskSignals.mockRejectedValue(new Error('platform-health is down'));
    await renderWithApis(<TenantsAtRiskCard />, { api });
    expect(await item('Initech')).toHaveTextContent(
      'Suspended: Invoices unpaid',
    );
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Health, quota and budget signals are unavailable: platform-health is down',
    );
  });

  it('asks the platform dashboard nothing without its permission', async () => {
    const api = fakeTenantsApi();
    // Answered in a later task, as a backend would (this render is not the
    // plugin's, which does that for every call).
    api.listTenants.mockImplementation(
      () =>
        new Promise(resolve =>
          setTimeout(() => resolve({ items: [suspended] })),
        ),
    );
    const access = fakePageAccess([]);
    await renderWith(<TenantsAtRiskCard />, {
      apis: [
        [tenantsApiRef, api],
        [pageAccessApiRef, access.api],
      ],
    });
    expect(await item('Initech')).toBeInTheDocument();
    expect(api.getRiskSignals).not.toHaveBeenCalled();
    expect(
      screen.queryByRole('link', { name: 'Platform dashboard' }),
    ).not.toBeInTheDocument();
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Tenant } from '@controlplane/plugin-tenants-common';
import { fakeTenantsApi, renderWithApis, tenant } from '../__testUtils__';
import { rootRouteRef } from '../routes';
import { TenantDetailPage } from './TenantDetailPage';

jest.setTimeout(30_000);

const render = (
  t: Tenant = tenant('acme'),
  options: {
    authorize?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    allow?: string[];
    allowOn?: Record<string, string[]>;
  } = {},
) => {
  const api = fakeTenantsApi({ tenants: [t] });
  renderWithApis(<TenantDetailPage />, {
    api,
    ...options,
    mountPath: '/tenants/:tenant',
    initialRouteEntries: [`/tenants/${t.name}`],
    mountedRoutes: { '/tenants': rootRouteRef },
  });
  return api;
};

describe('TenantDetailPage', () => {
  it('shows the overview of the tenant', async () => {
    const api = render(tenant('acme', { plan: 'enterprise' }));
    expect(
      await screen.findByRole('heading', { name: 'acme Corp' }),
    ).toBeVisible();
    expect(api.getTenant).toHaveBeenCalledWith('acme');
    expect(
      screen.getByText('acme.example', { selector: 'td *, td' }),
    ).toBeVisible();
    expect(screen.queryByLabelText('Tenant suspended')).not.toBeInTheDocument();
    // Organization settings load for users allowed to read them.
    expect(
      await screen.findByLabelText('Session timeout (minutes)'),
    ).toHaveValue('480');
  });

  it('suspends only with a reason, then shows the suspension banner', async () => {
    const api = render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Suspend' }),
    );
    const dialog = screen.getByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Suspend' });
    expect(confirm).toBeDisabled();
    const reason = within(dialog).getByLabelText(/^Reason/);
    await userEvent.type(reason, '  ');
    expect(confirm).toBeDisabled();
    await userEvent.type(reason, 'ab');
    expect(confirm).toBeDisabled();
    await userEvent.clear(reason);
    await userEvent.type(reason, 'Invoice 2026-05 unpaid');
    expect(confirm).toBeEnabled();
    await userEvent.click(confirm);
    expect(api.suspendTenant).toHaveBeenCalledWith(
      'acme',
      'Invoice 2026-05 unpaid',
    );
    const banner = await screen.findByLabelText('Tenant suspended');
    expect(banner).toHaveTextContent('This tenant is suspended');
    expect(banner).toHaveTextContent('Invoice 2026-05 unpaid');
    expect(
      await screen.findByRole('button', { name: 'Reactivate', hidden: true }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Reactivate' })).toBeVisible(),
    );
  });

  it('shows a banner for a suspended tenant and reactivates it with a reason', async () => {
    const api = render(
      tenant('acme', { status: 'suspended', statusReason: 'Unpaid invoice' }),
    );
    const banner = await screen.findByLabelText('Tenant suspended');
    expect(banner).toHaveTextContent('Reason: Unpaid invoice');
    expect(
      screen.queryByRole('button', { name: 'Suspend' }),
    ).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Reactivate' }));
    const dialog = screen.getByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/^Reason/), 'Paid now');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Reactivate' }),
    );
    expect(api.reactivateTenant).toHaveBeenCalledWith('acme', 'Paid now');
    await waitFor(() =>
      expect(
        screen.queryByLabelText('Tenant suspended'),
      ).not.toBeInTheDocument(),
    );
  });

  it('shows an offboarded tenant read-only under a banner', async () => {
    render(
      tenant('acme', { status: 'offboarded', statusReason: 'Contract ended' }),
    );
    const banner = await screen.findByLabelText('Tenant offboarded');
    expect(banner).toHaveTextContent('This tenant is offboarded');
    expect(banner).toHaveTextContent('Contract ended');
    for (const name of ['Suspend', 'Reactivate', 'Offboard', 'Change plan']) {
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    }
    expect(
      await screen.findByLabelText('Session timeout (minutes)'),
    ).toBeDisabled();
  });

  it('offboards with a reason after confirmation', async () => {
    const api = render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Offboard' }),
    );
    const dialog = screen.getByRole('dialog');
    await userEvent.type(
      within(dialog).getByLabelText(/^Reason/),
      'Contract ended',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Offboard' }),
    );
    expect(api.offboardTenant).toHaveBeenCalledWith('acme', 'Contract ended');
    // The tenant is loaded again to show its new state.
    await waitFor(() => expect(api.getTenant).toHaveBeenCalledTimes(2));
    expect(await screen.findByLabelText('Tenant offboarded')).toHaveTextContent(
      'Contract ended',
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('changes the plan through the dialog', async () => {
    const api = render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Change plan' }),
    );
    const dialog = screen.getByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: /Plan/ }));
    await userEvent.click(screen.getByRole('option', { name: 'enterprise' }));
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Change plan' }),
    );
    expect(api.changePlan).toHaveBeenCalledWith('acme', 'enterprise');
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(
      screen.getByText('enterprise', { selector: 'td *, td' }),
    ).toBeVisible();
  });

  it("links to the tenant's health page for holders of the dashboard permission on it", async () => {
    render(tenant('acme'), {
      allowOn: { 'platform-health.dashboard.read': ['acme'] },
    });
    expect(await screen.findByRole('link', { name: 'Health' })).toHaveAttribute(
      'href',
      '/platform/tenants/acme',
    );
  });

  it('shows no health link to those who may not see the tenant on the dashboard', async () => {
    render(tenant('acme'), {
      allowOn: { 'platform-health.dashboard.read': ['globex'] },
    });
    expect(
      await screen.findByRole('button', { name: 'Suspend' }),
    ).toBeVisible();
    expect(
      screen.queryByRole('link', { name: 'Health' }),
    ).not.toBeInTheDocument();
  });

  it('hides the edit controls without the permissions', async () => {
    render(tenant('acme'), {
      allow: ['tenants.tenant.read', 'tenants.organization.read'],
    });
    expect(
      await screen.findByRole('heading', { name: 'acme Corp' }),
    ).toBeVisible();
    expect(
      await screen.findByLabelText('Session timeout (minutes)'),
    ).toBeDisabled();
    for (const name of [
      'Suspend',
      'Offboard',
      'Change plan',
      'Save settings',
    ]) {
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    }
  });

  it('validates and saves the organization settings', async () => {
    const api = render();
    const ips = await screen.findByLabelText('IP allow-list');
    await userEvent.type(ips, '10.0.0.0/33');
    expect(screen.getByText(/prefix length outside 0\.\.32/)).toBeVisible();
    expect(
      screen.getByRole('button', { name: 'Save settings' }),
    ).toBeDisabled();
    await userEvent.clear(ips);
    await userEvent.type(ips, '10.0.0.0/8{enter}2001:db8::/32');
    const logo = screen.getByLabelText('Logo URL');
    await userEvent.type(logo, 'http://cdn.acme.example/logo.png');
    expect(screen.getByText('Must be an https URL')).toBeVisible();
    await userEvent.clear(logo);
    await userEvent.type(logo, 'https://cdn.acme.example/logo.png');
    await userEvent.click(screen.getByRole('checkbox', { name: /two-factor/ }));
    await userEvent.click(
      screen.getByRole('button', { name: 'Save settings' }),
    );
    expect(api.updateOrganization).toHaveBeenCalledWith('acme', {
      require2fa: true,
      sessionTimeoutMinutes: 480,
      allowedDomains: [],
      ipAllowList: ['10.0.0.0/8', '2001:db8::/32'],
      logoUrl: 'https://cdn.acme.example/logo.png',
    });
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
  });
});

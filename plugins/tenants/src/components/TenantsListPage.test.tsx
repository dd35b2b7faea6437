jest.setTimeout(30_000);

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { fakeTenantsApi, renderWithApis, tenant } from '../__testUtils__';
import { rootRouteRef } from '../routes';
import { TenantsListPage } from './TenantsListPage';

const render = (
  api = fakeTenantsApi({
    tenants: [
      tenant('acme'),
      tenant('globex', { status: 'suspended', plan: 'enterprise' }),
      tenant('initech', { status: 'offboarded' }),
    ],
  }),
  authorize:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) => {
  renderWithApis(<TenantsListPage />, {
    api,
    authorize,
    mountedRoutes: { '/tenants': rootRouteRef },
  });
  return api;
};

const lastQuery = (api: ReturnType<typeof fakeTenantsApi>) =>
  api.listTenants.mock.calls[api.listTenants.mock.calls.length - 1][0];

describe('TenantsListPage', () => {
  it('lists tenants with links, plans and statuses', async () => {
    render();
    const link = await screen.findByRole('link', { name: 'acme' });
    expect(link).toHaveAttribute('href', '/tenants/acme');
    const globex = screen.getByRole('link', { name: 'globex' }).closest('tr')!;
    expect(globex).toHaveTextContent('enterprise');
    expect(globex).toHaveTextContent('suspended');
    expect(screen.getByText('offboarded', { selector: 'td *' })).toBeVisible();
  });

  it('sends search, status and plan filters and sorting to the API', async () => {
    const api = render();
    await screen.findByRole('link', { name: 'acme' });
    expect(lastQuery(api)).toMatchObject({ sort: 'name', order: 'asc' });
    expect(lastQuery(api).search).toBeUndefined();

    await userEvent.type(screen.getByLabelText('Search tenants'), 'glob');
    await waitFor(() => expect(lastQuery(api).search).toBe('glob'));

    await userEvent.click(
      screen.getByRole('button', { name: 'Status suspended' }),
    );
    await waitFor(() =>
      expect(lastQuery(api)).toMatchObject({
        search: 'glob',
        status: 'suspended',
      }),
    );
    expect(
      screen.getByRole('button', { name: 'Status suspended' }),
    ).toHaveAttribute('aria-pressed', 'true');

    await userEvent.click(
      screen.getByRole('button', { name: 'Plan enterprise' }),
    );
    await waitFor(() => expect(lastQuery(api).plan).toBe('enterprise'));

    // Clicking a selected chip clears that filter.
    await userEvent.click(
      screen.getByRole('button', { name: 'Status suspended' }),
    );
    await waitFor(() => expect(lastQuery(api).status).toBeUndefined());
    expect(lastQuery(api).plan).toBe('enterprise');

    await userEvent.click(screen.getByRole('button', { name: 'Created' }));
    await waitFor(() =>
      expect(lastQuery(api)).toMatchObject({ sort: 'createdAt', order: 'asc' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Created' }));
    await waitFor(() =>
      expect(lastQuery(api)).toMatchObject({
        sort: 'createdAt',
        order: 'desc',
      }),
    );
  });

  it('pages forward with the cursor and back', async () => {
    const api = fakeTenantsApi();
    api.listTenants.mockImplementation(async q =>
      q.cursor === 'page-2'
        ? { items: [tenant('zeta')] }
        : { items: [tenant('acme')], nextCursor: 'page-2' },
    );
    render(api);
    await screen.findByRole('link', { name: 'acme' });
    expect(
      screen.getByRole('button', { name: 'Previous page' }),
    ).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByRole('link', { name: 'zeta' })).toBeVisible();
    expect(lastQuery(api).cursor).toBe('page-2');
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
    await userEvent.click(
      screen.getByRole('button', { name: 'Previous page' }),
    );
    expect(await screen.findByRole('link', { name: 'acme' })).toBeVisible();
    expect(lastQuery(api).cursor).toBeUndefined();
  });

  it('shows "Provision tenant" only with tenants.tenant.create', async () => {
    render(undefined, AuthorizeResult.DENY);
    await screen.findByRole('link', { name: 'acme' });
    expect(
      screen.queryByRole('button', { name: /provision tenant/i }),
    ).not.toBeInTheDocument();
  });

  it('lists active impersonations with their remaining time and stops one', async () => {
    const api = fakeTenantsApi();
    api.listActiveImpersonations.mockResolvedValue([
      {
        id: 'imp-1',
        tenant: 'acme',
        userId: 'u1',
        userEmail: 'tina@acme.example',
        actor: 'user:default/ada',
        reason: 'ticket 42',
        startedAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 20.5 * 60_000).toISOString(),
        active: true,
      },
    ]);
    render(api);
    const banner = await screen.findByLabelText('Active impersonations');
    expect(banner).toHaveTextContent('Ada Admin as tina@acme.example');
    expect(
      within(banner).getByRole('link', { name: 'Ada Admin' }),
    ).toHaveAttribute('href', '/catalog/default/user/ada');
    expect(banner).toHaveTextContent('ticket 42');
    expect(banner).toHaveTextContent('20 min left');
    api.listActiveImpersonations.mockResolvedValue([]);
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Stop impersonating tina@acme.example',
      }),
    );
    expect(api.stopImpersonation).toHaveBeenCalledWith('imp-1');
    await waitFor(() =>
      expect(
        screen.queryByLabelText('Active impersonations'),
      ).not.toBeInTheDocument(),
    );
  });
});

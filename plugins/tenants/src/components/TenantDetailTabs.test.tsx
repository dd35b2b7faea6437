import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakeTenantsApi,
  invitation,
  renderWithApis,
  tenant,
  user,
} from '../__testUtils__';
import { rootRouteRef } from '../routes';
import { TenantDetailPage } from './TenantDetailPage';

jest.setTimeout(30_000);

const render = (path: string) => {
  const api = fakeTenantsApi({
    tenants: [tenant('acme')],
    users: [user('olivia')],
    invitations: [invitation('dan@acme.example')],
  });
  renderWithApis(<TenantDetailPage />, {
    api,
    mountPath: '/tenants/:tenant',
    initialRouteEntries: [path],
    mountedRoutes: { '/tenants': rootRouteRef },
  });
  return api;
};

describe("a tenant page's tabs in its URL", () => {
  it('opens the tab the link names (from the home page)', async () => {
    render('/tenants/acme?tab=invitations');
    expect(
      await screen.findByRole('tab', { name: 'Invitations', selected: true }),
    ).toBeInTheDocument();
    expect(await screen.findByText('dan@acme.example')).toBeInTheDocument();
  });

  it('falls back to the overview for an unknown tab, and follows clicks', async () => {
    render('/tenants/acme?tab=nosuch');
    expect(
      await screen.findByRole('tab', { name: 'Overview', selected: true }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Users' }));
    expect(
      await screen.findByRole('tab', { name: 'Users', selected: true }),
    ).toBeInTheDocument();
    expect(await screen.findByText('olivia@acme.example')).toBeInTheDocument();
  });
});

import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakeRbacApi,
  permission,
  renderWithApis,
  role,
} from '../__testUtils__';
import { rootRouteRef } from '../routes';
import { RbacPage } from './RbacPage';

describe('RbacPage', () => {
  it('navigates from the roles list to a role and to the other tabs', async () => {
    const api = fakeRbacApi({
      roles: [role('operator', ['tenants.*'], ['group:default/operators'])],
      permissions: [permission('tenants.tenant.suspend')],
    });
    renderWithApis(<RbacPage />, {
      api,
      mountPath: '/rbac/*',
      initialRouteEntries: ['/rbac'],
      mountedRoutes: { '/rbac': rootRouteRef },
    });

    await userEvent.click(
      await screen.findByRole('link', { name: 'operator' }),
    );
    expect(
      await screen.findByRole('heading', { name: 'operator' }),
    ).toBeInTheDocument();
    expect(api.getRole).toHaveBeenCalledWith('operator');

    await userEvent.click(screen.getByRole('tab', { name: 'Permissions' }));
    expect(
      await screen.findByRole('checkbox', {
        name: 'tenants.tenant.suspend for operator',
      }),
    ).toBeChecked();

    await userEvent.click(screen.getByRole('tab', { name: 'Explain' }));
    expect(
      await screen.findByRole('button', { name: 'Explain' }),
    ).toBeInTheDocument();
  });
});

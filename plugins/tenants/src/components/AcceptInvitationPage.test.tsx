import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakeTenantsApi,
  renderWithApis,
  responseError,
  user,
} from '../__testUtils__';
import { rootRouteRef } from '../routes';
import { TenantsPage } from './TenantsPage';

jest.setTimeout(30_000);

const render = (api = fakeTenantsApi()) => {
  renderWithApis(<TenantsPage />, {
    api,
    mountPath: '/tenants/*',
    initialRouteEntries: ['/tenants/invitations/accept?token=tok-123'],
    mountedRoutes: { '/tenants': rootRouteRef },
  });
  return api;
};

describe('AcceptInvitationPage', () => {
  it('accepts the invitation of the link', async () => {
    const api = render();
    api.acceptInvitation.mockResolvedValue(
      user('sam', { email: 'sam@acme.example', role: 'administrator' }),
    );
    await userEvent.type(
      await screen.findByLabelText('Display name (optional)'),
      'Sam',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Accept invitation' }),
    );
    expect(api.acceptInvitation).toHaveBeenCalledWith('tok-123', 'Sam');
    expect(
      await screen.findByText('sam@acme.example joined acme as administrator.'),
    ).toBeVisible();
    expect(api.getTenant).not.toHaveBeenCalled();
  });

  it('explains a used or expired invitation', async () => {
    const api = render();
    api.acceptInvitation.mockRejectedValue(
      await responseError(410, 'the invitation has expired', 'GoneError'),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Accept invitation' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This invitation was already used, revoked or has expired.',
    );
  });
});

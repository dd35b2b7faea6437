import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  fakeTenantsApi,
  invitation,
  renderWithApis,
  responseError,
  user,
} from '../__testUtils__';
import { UsersTab } from './UsersTab';
import { ActiveImpersonations } from './Impersonation';

jest.setTimeout(30_000);

const users = [
  user('olivia', { role: 'owner' }),
  user('sam', { role: 'user', status: 'disabled' }),
];

const render = (
  options: {
    authorize?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    allow?: string[];
  } = {},
) => {
  const api = fakeTenantsApi({ users });
  renderWithApis(
    <>
      <ActiveImpersonations tenant="acme" />
      <UsersTab tenant="acme" />
    </>,
    { api, ...options },
  );
  return api;
};

const row = async (email: string) =>
  (await screen.findByText(email)).closest('tr')!;

describe('UsersTab', () => {
  it('lists users with their role and status', async () => {
    render({ allow: ['tenants.user.read'] });
    expect(await row('olivia@acme.example')).toHaveTextContent('owner');
    expect(await row('olivia@acme.example')).toHaveTextContent('active');
    expect(await row('sam@acme.example')).toHaveTextContent('disabled');
  });

  it('searches users through the API', async () => {
    const api = render();
    await row('olivia@acme.example');
    await userEvent.type(screen.getByLabelText('Search users'), 'sam');
    await waitFor(() =>
      expect(api.listUsers).toHaveBeenLastCalledWith('acme', {
        search: 'sam',
        cursor: undefined,
      }),
    );
    await waitFor(() =>
      expect(screen.queryByText('olivia@acme.example')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('sam@acme.example')).toBeInTheDocument();
  });

  it('shows the last-owner conflict clearly', async () => {
    const api = render();
    api.updateUser.mockRejectedValue(
      await responseError(
        409,
        'olivia@acme.example is the last active owner of acme',
      ),
    );
    await userEvent.click(
      within(await row('olivia@acme.example')).getByRole('button', {
        name: 'Role of olivia@acme.example',
      }),
    );
    await userEvent.click(screen.getByRole('option', { name: 'user' }));
    expect(api.updateUser).toHaveBeenCalledWith('acme', 'olivia', {
      role: 'user',
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Conflict: olivia@acme.example is the last active owner of acme',
    );
  });

  it('enables a disabled user and deletes one after confirmation', async () => {
    const api = render();
    await userEvent.click(
      within(await row('sam@acme.example')).getByRole('button', {
        name: 'Enable',
      }),
    );
    expect(api.updateUser).toHaveBeenCalledWith('acme', 'sam', {
      status: 'active',
    });
    expect(
      await within(await row('sam@acme.example')).findByRole('button', {
        name: 'Disable',
      }),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Delete sam@acme.example' }),
    );
    expect(api.deleteUser).not.toHaveBeenCalled();
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Delete',
      }),
    );
    expect(api.deleteUser).toHaveBeenCalledWith('acme', 'sam');
    await waitFor(() =>
      expect(screen.queryByText('sam@acme.example')).not.toBeInTheDocument(),
    );
  });

  it('invites a user by email and role and shows the accept link', async () => {
    const api = render();
    api.invite.mockResolvedValue(
      invitation('new@acme.example', {
        role: 'administrator',
        acceptUrl: 'http://localhost:3000/tenants/invitations/accept?token=t',
      }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Invite user' }),
    );
    const dialog = screen.getByRole('dialog');
    const send = within(dialog).getByRole('button', {
      name: 'Send invitation',
    });
    await userEvent.type(within(dialog).getByLabelText(/^Email/), 'new@');
    expect(send).toBeDisabled();
    await userEvent.type(
      within(dialog).getByLabelText(/^Email/),
      'acme.example',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: /Role/ }));
    await userEvent.click(
      screen.getByRole('option', { name: 'administrator' }),
    );
    await userEvent.click(send);
    expect(api.invite).toHaveBeenCalledWith('acme', {
      email: 'new@acme.example',
      role: 'administrator',
    });
    expect(
      await screen.findByText(/Invitation sent to new@acme\.example/),
    ).toBeVisible();
    expect(
      await screen.findByRole('link', {
        name: /tenants\/invitations\/accept\?token=t/,
      }),
    ).toBeVisible();
  });

  it('impersonates a user with a reason and a duration', async () => {
    const api = render();
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Impersonate olivia@acme.example',
      }),
    );
    const dialog = screen.getByRole('dialog');
    const start = within(dialog).getByRole('button', { name: 'Impersonate' });
    expect(start).toBeDisabled();
    await userEvent.type(
      within(dialog).getByLabelText(/^Reason/),
      'Ticket #456',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: /Duration/ }),
    );
    await userEvent.click(screen.getByRole('option', { name: '30 minutes' }));
    api.listActiveImpersonations.mockResolvedValue([
      {
        id: 'imp-1',
        tenant: 'acme',
        userId: 'olivia',
        userEmail: 'olivia@acme.example',
        actor: 'user:default/ada',
        reason: 'Ticket #456',
        startedAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
        active: true,
      },
    ]);
    await userEvent.click(start);
    expect(api.startImpersonation).toHaveBeenCalledWith({
      tenant: 'acme',
      userId: 'olivia',
      reason: 'Ticket #456',
      minutes: 30,
    });
    const banner = await screen.findByLabelText('Active impersonations');
    expect(banner).toHaveTextContent('olivia@acme.example');
    expect(banner).toHaveTextContent(/(29|30) min left/);
  });

  it('hides every edit control without the permissions', async () => {
    render({ allow: ['tenants.user.read'] });
    await row('olivia@acme.example');
    expect(
      screen.queryByRole('button', { name: 'Invite user' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Role of olivia@acme.example' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Enable' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Disable' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^Delete / }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^Impersonate / }),
    ).not.toBeInTheDocument();
  });
});

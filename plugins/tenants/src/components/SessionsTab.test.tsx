import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Session } from '@controlplane/plugin-tenants-common';
import { fakeTenantsApi, renderWithApis, user } from '../__testUtils__';
import { SessionsTab } from './SessionsTab';

jest.setTimeout(30_000);

const session = (id: string, extra: Partial<Session> = {}): Session => ({
  id,
  userId: 'sam',
  tenant: 'acme',
  createdAt: '2026-06-01T10:00:00Z',
  expiresAt: '2999-06-01T18:00:00Z',
  active: true,
  ...extra,
});

const render = (allow?: string[]) => {
  const api = fakeTenantsApi({ users: [user('olivia'), user('sam')] });
  api.listSessions.mockResolvedValue([
    session('s1'),
    session('s2', { active: false, revokedAt: '2026-06-01T11:00:00Z' }),
  ]);
  renderWithApis(<SessionsTab tenant="acme" />, { api, allow });
  return api;
};

const chooseSam = async () => {
  await userEvent.click(await screen.findByRole('button', { name: /User/ }));
  await userEvent.click(
    screen.getByRole('option', { name: 'sam@acme.example' }),
  );
};

describe('SessionsTab', () => {
  it("lists a user's sessions and revokes one or all", async () => {
    const api = render();
    await chooseSam();
    expect(api.listSessions).toHaveBeenCalledWith('acme', 'sam');
    const table = await screen.findByRole('table', { name: 'Sessions' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    // Only the active session can be revoked.
    expect(
      screen.queryByRole('button', { name: 'Revoke session s2' }),
    ).not.toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Revoke session s1' }),
    );
    expect(api.revokeSession).toHaveBeenCalledWith('acme', 'sam', 's1');
    // The list is read again after the change.
    await waitFor(() => expect(api.listSessions).toHaveBeenCalledTimes(2));

    await userEvent.click(
      await screen.findByRole('button', { name: 'Revoke all sessions' }),
    );
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Revoke all',
      }),
    );
    expect(api.revokeAllSessions).toHaveBeenCalledWith('acme', 'sam');
    await waitFor(() => expect(api.listSessions).toHaveBeenCalledTimes(3));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('hides revoking without tenants.session.revoke', async () => {
    render(['tenants.session.read', 'tenants.user.read']);
    await chooseSam();
    await screen.findByRole('table', { name: 'Sessions' });
    expect(
      screen.queryByRole('button', { name: /Revoke/ }),
    ).not.toBeInTheDocument();
  });
});

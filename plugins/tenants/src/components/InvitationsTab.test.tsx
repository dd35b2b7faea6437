import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeTenantsApi, invitation, renderWithApis } from '../__testUtils__';
import { InvitationsTab } from './InvitationsTab';

jest.setTimeout(30_000);

const invitations = [
  invitation('pending@acme.example'),
  invitation('old@acme.example', {
    status: 'expired',
    expiresAt: '2026-01-02T00:00:00Z',
  }),
  invitation('done@acme.example', { status: 'accepted' }),
];

const row = async (email: string) =>
  (await screen.findByText(email)).closest('tr')!;

describe('InvitationsTab', () => {
  it('lists invitations with their status; resends and revokes', async () => {
    const api = fakeTenantsApi({ invitations });
    api.resendInvitation.mockResolvedValue(
      invitation('old@acme.example', {
        acceptUrl: 'http://localhost:3000/tenants/invitations/accept?token=new',
      }),
    );
    await renderWithApis(<InvitationsTab tenant="acme" />, { api });
    expect(await row('pending@acme.example')).toHaveTextContent('pending');
    expect(await row('old@acme.example')).toHaveTextContent('expired');
    expect(await row('done@acme.example')).toHaveTextContent('accepted');
    expect(
      within(await row('done@acme.example')).queryByRole('button'),
    ).not.toBeInTheDocument();
    // Expired invitations can be resent but not revoked.
    expect(
      screen.queryByRole('button', {
        name: 'Revoke invitation to old@acme.example',
      }),
    ).not.toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Resend invitation to old@acme.example',
      }),
    );
    expect(api.resendInvitation).toHaveBeenCalledWith(
      'acme',
      'inv-old@acme.example',
    );
    expect(
      await screen.findByRole('link', { name: /accept\?token=new/ }),
    ).toBeVisible();

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Revoke invitation to pending@acme.example',
      }),
    );
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Revoke',
      }),
    );
    expect(api.revokeInvitation).toHaveBeenCalledWith(
      'acme',
      'inv-pending@acme.example',
    );
    await waitFor(() => expect(api.listInvitations).toHaveBeenCalledTimes(3));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    await waitFor(() =>
      expect(
        screen.getByText('pending@acme.example').closest('tr'),
      ).toHaveTextContent('revoked'),
    );
  });

  it('hides resend, revoke and invite without tenants.user.invite', async () => {
    await renderWithApis(<InvitationsTab tenant="acme" />, {
      api: fakeTenantsApi({ invitations }),
      allow: ['tenants.user.read'],
    });
    await row('pending@acme.example');
    // No button at all, except the column headings that sort the table.
    expect(
      screen
        .queryAllByRole('button')
        .filter(button => !button.closest('thead')),
    ).toEqual([]);
  });
});

import { screen, within } from '@testing-library/react';
import {
  fakeTenantsApi,
  invitation,
  renderWithApis,
  tenant,
  user,
} from '../__testUtils__';
import { MyTenantCard } from './MyTenantCard';

const acme = tenant('acme', { displayName: 'Acme Corp' });

describe('MyTenantCard', () => {
  it("shows the member's tenant: its users, the newest, pending invitations, linked to its tabs", async () => {
    const api = fakeTenantsApi({
      tenants: [acme],
      users: [
        user('tina', { role: 'owner', createdAt: '2026-01-01T00:00:00Z' }),
        user('amy', {
          role: 'administrator',
          createdAt: '2026-02-01T00:00:00Z',
        }),
        user('bob', { status: 'disabled', createdAt: '2026-03-01T00:00:00Z' }),
      ],
      invitations: [
        invitation('dan@acme.example'),
        invitation('old@acme.example', { status: 'accepted' }),
      ],
    });
    await renderWithApis(<MyTenantCard />, { api });
    const section = await screen.findByRole('region', { name: 'Acme Corp' });
    expect(api.listTenants).toHaveBeenCalledWith(
      expect.objectContaining({ mine: true }),
    );
    expect(api.getUserSummary).toHaveBeenCalledWith('acme');
    expect(
      within(section).getByRole('link', { name: 'Acme Corp' }),
    ).toHaveAttribute('href', '/tenants/acme');
    expect(
      await within(section).findByRole('link', { name: '3 users' }),
    ).toHaveAttribute('href', '/tenants/acme?tab=users');
    expect(section).toHaveTextContent('(2 active; 1 owner, 1 administrator)');
    // Newest first, each to the users tab.
    const newest = within(section)
      .getAllByRole('link', { name: /^(tina|amy|bob)$/ })
      .map(link => link.textContent);
    expect(newest).toEqual(['bob', 'amy', 'tina']);
    expect(within(section).getByRole('link', { name: 'bob' })).toHaveAttribute(
      'href',
      '/tenants/acme?tab=users',
    );
    expect(within(section).getByText('disabled')).toBeInTheDocument();
    expect(
      within(section).getByRole('link', { name: '1 pending invitation' }),
    ).toHaveAttribute('href', '/tenants/acme?tab=invitations');
    expect(
      within(section).getByRole('link', { name: 'dan@acme.example' }),
    ).toBeInTheDocument();
    expect(
      within(section).queryByText('old@acme.example'),
    ).not.toBeInTheDocument();
  });

  it('tells platform staff they are a member of no tenant', async () => {
    const api = fakeTenantsApi({ tenants: [] });
    await renderWithApis(<MyTenantCard />, { api });
    expect(
      await screen.findByText(/You are not a member of a tenant/),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'All tenants' })).toHaveAttribute(
      'href',
      '/tenants',
    );
    expect(api.getUserSummary).not.toHaveBeenCalled();
  });

  it("shows the backend's error when the summary is refused", async () => {
    const api = fakeTenantsApi({ tenants: [acme] });
    api.getUserSummary.mockRejectedValue(
      new Error('You are not allowed tenants.user.read'),
    );
    await renderWithApis(<MyTenantCard />, { api });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'You are not allowed tenants.user.read',
    );
  });
});

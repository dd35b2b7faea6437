import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  fakeRbacApi,
  permission,
  renderWithApis,
  role,
} from '../../__testUtils__';
import { PermissionMatrixCard } from './PermissionMatrixCard';

const permissions = [
  permission('billing.quota.update', 'Change quotas'),
  permission('billing.invoice.read'),
  permission('flags.flag.read'),
];
const roles = [
  role('billing-admin', ['billing.*', 'flags.flag.read']),
  role('reader', ['billing.invoice.read']),
  role('developer', ['flags.flag.read@owned']),
  role('admin', ['*']),
];

const cell = (permissionName: string, roleName: string) =>
  screen.getByRole('checkbox', { name: `${permissionName} for ${roleName}` });

const render = (
  authorize:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) => {
  const api = fakeRbacApi({ roles, permissions });
  const onRoleChanged = jest.fn();
  renderWithApis(
    <PermissionMatrixCard roles={roles} onRoleChanged={onRoleChanged} />,
    { api, authorize },
  );
  return { api, onRoleChanged };
};

describe('PermissionMatrix', () => {
  it('groups permissions by plugin with their descriptions', async () => {
    render();
    expect(
      await screen.findByRole('heading', { name: 'billing' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'flags' })).toBeInTheDocument();
    expect(screen.getByText('Change quotas')).toBeInTheDocument();
  });

  it('shows exact, wildcard and missing grants', async () => {
    render();
    await screen.findByRole('heading', { name: 'billing' });

    // Exact grant: checked and can be revoked.
    expect(cell('flags.flag.read', 'billing-admin')).toBeChecked();
    expect(cell('flags.flag.read', 'billing-admin')).toBeEnabled();
    // Only through billing.*: checked, disabled, names the wildcard.
    expect(cell('billing.quota.update', 'billing-admin')).toBeChecked();
    expect(cell('billing.quota.update', 'billing-admin')).toBeDisabled();
    expect(
      cell('billing.quota.update', 'billing-admin').closest('td'),
    ).toHaveTextContent('billing.*');
    // Through *.
    expect(cell('flags.flag.read', 'admin')).toBeChecked();
    expect(cell('flags.flag.read', 'admin')).toBeDisabled();
    expect(cell('flags.flag.read', 'admin').closest('td')).toHaveTextContent(
      '*',
    );
    // Not granted.
    expect(cell('billing.quota.update', 'reader')).not.toBeChecked();
    expect(cell('billing.quota.update', 'reader')).toBeEnabled();
    expect(cell('billing.invoice.read', 'reader')).toBeChecked();
  });

  it('grants the exact permission when an ungranted cell is clicked', async () => {
    const { api, onRoleChanged } = render();
    await screen.findByRole('heading', { name: 'billing' });
    await userEvent.click(cell('billing.quota.update', 'reader'));
    expect(api.grant).toHaveBeenCalledWith('reader', 'billing.quota.update');
    expect(api.revoke).not.toHaveBeenCalled();
    await waitFor(() =>
      expect(onRoleChanged).toHaveBeenCalledWith(
        expect.objectContaining({
          name: 'reader',
          grants: ['billing.invoice.read', 'billing.quota.update'],
        }),
      ),
    );
  });

  it('revokes the exact permission when a granted cell is clicked', async () => {
    const { api, onRoleChanged } = render();
    await screen.findByRole('heading', { name: 'billing' });
    await userEvent.click(cell('billing.invoice.read', 'reader'));
    expect(api.revoke).toHaveBeenCalledWith('reader', 'billing.invoice.read');
    expect(api.grant).not.toHaveBeenCalled();
    await waitFor(() =>
      expect(onRoleChanged).toHaveBeenCalledWith(
        expect.objectContaining({ name: 'reader', grants: [] }),
      ),
    );
  });

  it('marks grants only for owned resources and revokes the owned grant', async () => {
    const { api } = render();
    await screen.findByRole('heading', { name: 'billing' });
    const owned = cell('flags.flag.read', 'developer');
    expect(owned).toBeChecked();
    expect(screen.getByText('owned only')).toBeInTheDocument();
    await userEvent.click(owned);
    expect(api.revoke).toHaveBeenCalledWith(
      'developer',
      'flags.flag.read@owned',
    );
  });

  it('disables every cell without rbac.role.update', async () => {
    render(AuthorizeResult.DENY);
    await screen.findByRole('heading', { name: 'billing' });
    for (const checkbox of screen.getAllByRole('checkbox')) {
      expect(checkbox).toBeDisabled();
    }
  });

  it('shows an error from the API', async () => {
    const { api } = render();
    api.grant.mockRejectedValue(new Error('role reader not found'));
    await screen.findByRole('heading', { name: 'billing' });
    await userEvent.click(cell('billing.quota.update', 'reader'));
    expect(
      (await screen.findAllByText(/role reader not found/)).length,
    ).toBeGreaterThan(0);
  });
});

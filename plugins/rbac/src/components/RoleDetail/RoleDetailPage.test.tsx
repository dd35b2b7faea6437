import { Route, Routes } from 'react-router-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  fakeRbacApi,
  permission,
  renderWithApis,
  role,
} from '../../__testUtils__';
import { rootRouteRef } from '../../routes';
import { RoleDetailPage } from './RoleDetailPage';

const operator = role(
  'operator',
  ['tenants.*', 'flags.flag.read'],
  ['group:default/operators'],
);

const render = (
  authorize:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) => {
  const api = fakeRbacApi({
    roles: [operator],
    permissions: [
      permission('flags.flag.read'),
      permission('tenants.tenant.suspend'),
    ],
  });
  // The role's page, and the roles list it goes back to after a deletion.
  renderWithApis(
    <Routes>
      <Route path="/rbac" element={<h1>Roles list</h1>} />
      <Route path="/rbac/roles/:name" element={<RoleDetailPage />} />
    </Routes>,
    {
      api,
      authorize,
      initialRouteEntries: ['/rbac/roles/operator'],
      mountedRoutes: { '/rbac': rootRouteRef },
    },
  );
  return api;
};

/** Waits until the dialogs have closed (a closed dialog fades out first). */
const dialogsClosed = () =>
  waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

describe('RoleDetailPage', () => {
  it('shows the role with its members, grant chips and matrix column', async () => {
    const api = render();
    expect(
      await screen.findByRole('heading', { name: 'operator' }),
    ).toBeInTheDocument();
    expect(api.getRole).toHaveBeenCalledWith('operator');
    expect(screen.getByRole('link', { name: 'Operators' })).toHaveAttribute(
      'href',
      '/catalog/default/group/operators',
    );
    // The grant chip (the matrix may also name the wildcard under a cell).
    expect(
      screen.getByText('tenants.*', { selector: '.MuiChip-label' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('checkbox', {
        name: 'tenants.tenant.suspend for operator',
      }),
    ).toBeChecked();
  });

  it('adds a member only with a valid user or group ref', async () => {
    const api = render();
    await userEvent.click(
      await screen.findByRole('button', { name: /add member/i }),
    );
    const dialog = screen.getByRole('dialog');
    const field = within(dialog).getByLabelText('User or group');
    await userEvent.type(field, 'component:default/x');
    expect(within(dialog).getByRole('button', { name: 'Add' })).toBeDisabled();
    await userEvent.clear(field);
    await userEvent.type(field, 'user:default/ada');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(api.addMember).toHaveBeenCalledWith('operator', 'user:default/ada');
    expect(
      await screen.findByRole('link', { name: 'Ada Admin' }),
    ).toHaveAttribute('href', '/catalog/default/user/ada');
    await dialogsClosed();
  });

  it('adds a member scoped to one tenant and shows the scope', async () => {
    const api = render();
    await userEvent.click(
      await screen.findByRole('button', { name: /add member/i }),
    );
    const dialog = screen.getByRole('dialog');
    await userEvent.type(
      within(dialog).getByLabelText('User or group'),
      'group:default/acme-owners',
    );
    const tenant = within(dialog).getByLabelText('Only in tenant (optional)');
    await userEvent.type(tenant, 'Not A Tenant');
    expect(within(dialog).getByRole('button', { name: 'Add' })).toBeDisabled();
    await userEvent.clear(tenant);
    await userEvent.type(tenant, 'acme');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(api.addMember).toHaveBeenCalledWith(
      'operator',
      'group:default/acme-owners@acme',
    );
    expect(
      await screen.findByLabelText('only in tenant acme'),
    ).toBeInTheDocument();
    await dialogsClosed();
  });

  it('removes a member after confirmation', async () => {
    const api = render();
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Remove Operators',
      }),
    );
    expect(api.removeMember).not.toHaveBeenCalled();
    expect(screen.getByRole('dialog')).toHaveTextContent(
      'Remove Operators from this role?',
    );
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Remove',
      }),
    );
    expect(api.removeMember).toHaveBeenCalledWith(
      'operator',
      'group:default/operators',
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('link', { name: 'Operators' }),
      ).not.toBeInTheDocument(),
    );
    await dialogsClosed();
  });

  it('hides delete and editing without permission', async () => {
    render(AuthorizeResult.DENY);
    expect(
      await screen.findByRole('heading', { name: 'operator' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /delete role/i }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /add member/i }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByLabelText('Wildcard or owned grant'),
    ).not.toBeInTheDocument();
    // The matrix, loaded last, shows the grants but cannot change them.
    expect(
      await screen.findByRole('checkbox', {
        name: 'tenants.tenant.suspend for operator',
      }),
    ).toBeDisabled();
  });

  it('deletes the role after confirmation', async () => {
    const api = render();
    await userEvent.click(
      await screen.findByRole('button', { name: /delete role/i }),
    );
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Delete',
      }),
    );
    expect(api.deleteRole).toHaveBeenCalledWith('operator');
    expect(
      await screen.findByRole('heading', { name: 'Roles list' }),
    ).toBeInTheDocument();
  });

  it('adds a wildcard grant and revokes a grant from its chip', async () => {
    const api = render();
    const field = await screen.findByLabelText('Wildcard or owned grant');
    await userEvent.type(field, 'billing');
    expect(screen.getByRole('button', { name: 'Grant' })).toBeDisabled();
    await userEvent.type(field, '.*');
    await userEvent.click(screen.getByRole('button', { name: 'Grant' }));
    expect(api.grant).toHaveBeenCalledWith('operator', 'billing.*');
    expect(
      await screen.findByText('billing.*', { selector: '.MuiChip-label' }),
    ).toBeInTheDocument();

    const chip = screen.getByText('flags.flag.read', {
      selector: '.MuiChip-label',
    }).parentElement!;
    await userEvent.click(chip.querySelector('.MuiChip-deleteIcon')!);
    expect(api.revoke).toHaveBeenCalledWith('operator', 'flags.flag.read');
    await waitFor(() =>
      expect(
        screen.queryByText('flags.flag.read', { selector: '.MuiChip-label' }),
      ).not.toBeInTheDocument(),
    );
  });

  it('adds a grant only for owned resources and shows it as such', async () => {
    const api = render();
    const field = await screen.findByLabelText('Wildcard or owned grant');
    await userEvent.type(field, 'apps.credential.create@mine');
    expect(screen.getByRole('button', { name: 'Grant' })).toBeDisabled();
    await userEvent.clear(field);
    await userEvent.type(field, 'apps.credential.create@owned');
    await userEvent.click(screen.getByRole('button', { name: 'Grant' }));
    expect(api.grant).toHaveBeenCalledWith(
      'operator',
      'apps.credential.create@owned',
    );
    expect(
      await screen.findByText('apps.credential.create (owned only)', {
        selector: '.MuiChip-label',
      }),
    ).toBeInTheDocument();
  });
});

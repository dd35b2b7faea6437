import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ResponseError } from '@backstage/errors';
import { fakeRbacApi, renderWithApis, role } from '../../__testUtils__';
import { RolesPage } from './RolesPage';

const roles = [
  role('auditor', ['audit.log.read'], ['user:default/audrey']),
  role('operator', ['tenants.*', 'flags.flag.read'], []),
];

const render = (authorize: AuthorizeResult.ALLOW | AuthorizeResult.DENY) =>
  renderWithApis(<RolesPage />, { api: fakeRbacApi({ roles }), authorize });

describe('RolesPage', () => {
  it('lists roles with their numbers of grants and members', async () => {
    await render(AuthorizeResult.ALLOW);
    const auditor = (await screen.findByText('auditor')).closest('tr')!;
    expect(auditor).toHaveTextContent('The auditor role');
    const operator = screen.getByText('operator').closest('tr')!;
    const cells = operator.querySelectorAll('td');
    expect(cells[cells.length - 2]).toHaveTextContent('2');
    expect(cells[cells.length - 1]).toHaveTextContent('0');
    expect(
      screen.getByRole('button', { name: /create role/i }),
    ).toBeInTheDocument();
  });

  it('hides "Create role" without rbac.role.create', async () => {
    await render(AuthorizeResult.DENY);
    expect(await screen.findByText('auditor')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /create role/i }),
    ).not.toBeInTheDocument();
  });

  it("shows the backend's error", async () => {
    const api = fakeRbacApi({});
    api.listRoles.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: { name: 'NotAllowedError', message: 'Needs rbac.role.read' },
            response: { statusCode: 403 },
          }),
          { status: 403, headers: { 'Content-Type': 'application/json' } },
        ) as any,
      ),
    );
    await renderWithApis(<RolesPage />, { api });
    // The panel is titled with the backend's message, not only the status.
    expect(
      await screen.findByText(/^Error: Needs rbac\.role\.read \(403\)$/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    // The panel's "Full Error as JSON", shown (and highlighted) last.
    expect(await screen.findByText('"NotAllowedError"')).toBeInTheDocument();
  });

  it('creates a role through the dialog and reloads the list', async () => {
    const api = fakeRbacApi({ roles });
    await renderWithApis(<RolesPage />, { api });
    await userEvent.click(
      await screen.findByRole('button', { name: /create role/i }),
    );
    const dialog = screen.getByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/Name/), 'Bad Name');
    expect(
      within(dialog).getByRole('button', { name: 'Create' }),
    ).toBeDisabled();
    await userEvent.clear(within(dialog).getByLabelText(/Name/));
    await userEvent.type(
      within(dialog).getByLabelText(/Name/),
      'tenant-operator',
    );
    await userEvent.type(
      within(dialog).getByLabelText('Description'),
      'Operates tenants',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create' }),
    );
    expect(api.createRole).toHaveBeenCalledWith({
      name: 'tenant-operator',
      description: 'Operates tenants',
    });
    await waitFor(() => expect(api.listRoles).toHaveBeenCalledTimes(2));
    expect(await screen.findByText('tenant-operator')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });
});

import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeRbacApi, permission, renderWithApis } from '../../__testUtils__';
import { ExplainPage } from './ExplainPage';

describe('ExplainPage', () => {
  it('explains a decision with the matching role, grant and membership', async () => {
    const api = fakeRbacApi({
      permissions: [permission('tenants.tenant.suspend')],
      explanation: {
        user: 'user:default/oscar',
        permission: 'tenants.tenant.suspend',
        result: 'ALLOW',
        matches: [
          {
            role: 'operator',
            grant: 'tenants.*',
            via: 'group:default/operators',
          },
        ],
        reason: 'role operator grants tenants.*',
      },
    });
    await renderWithApis(<ExplainPage />, { api });
    await userEvent.type(
      screen.getByRole('textbox', { name: 'User' }),
      'user:default/oscar',
    );
    await userEvent.type(
      screen.getByLabelText('Permission'),
      'tenants.tenant.suspend',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Explain' }));

    expect(api.explain).toHaveBeenCalledWith(
      'user:default/oscar',
      'tenants.tenant.suspend',
      undefined,
    );
    expect(await screen.findByText('ALLOW')).toBeInTheDocument();
    expect(
      screen.getByText('role operator grants tenants.*'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Oscar Operator' }).parentElement,
    ).toHaveTextContent('Oscar Operator → tenants.tenant.suspend');
    const via = screen.getByRole('link', { name: 'Operators' });
    expect(via).toHaveAttribute('href', '/catalog/default/group/operators');
    expect(via.closest('li')).toHaveTextContent('member through Operators');
  });

  it('explains a tenant-scoped decision for one resource', async () => {
    const api = fakeRbacApi({
      explanation: {
        user: 'user:default/tina',
        permission: 'promotions.request.approve',
        result: 'CONDITIONAL',
        tenants: ['acme'],
        separationOfDuties: true,
        matches: [
          {
            role: 'approver',
            grant: 'promotions.*',
            via: 'group:default/acme-owners',
            tenant: 'acme',
          },
        ],
        resource: { ref: 'req-1', result: 'DENY' },
        reason: 'allowed only for resources of tenant acme',
      },
    });
    await renderWithApis(<ExplainPage />, { api });
    await userEvent.type(
      screen.getByRole('textbox', { name: 'User' }),
      'user:default/tina',
    );
    await userEvent.type(
      screen.getByLabelText('Permission'),
      'promotions.request.approve',
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Resource (optional)' }),
      'req-1',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Explain' }));

    expect(api.explain).toHaveBeenCalledWith(
      'user:default/tina',
      'promotions.request.approve',
      'req-1',
    );
    expect(await screen.findByText('CONDITIONAL')).toBeInTheDocument();
    expect(
      screen.getByText('Only for resources of tenant acme.'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Acme Corp owners' }).closest('li'),
    ).toHaveTextContent('member through Acme Corp owners, only in tenant acme');
    expect(screen.getByLabelText('Decision for req-1')).toHaveTextContent(
      'DENY',
    );
  });

  it('shows the reason of a denial', async () => {
    const api = fakeRbacApi({
      explanation: {
        user: 'user:default/audrey',
        permission: 'tenants.tenant.suspend',
        result: 'DENY',
        matches: [],
        reason: 'no role of user:default/audrey grants tenants.tenant.suspend',
      },
    });
    await renderWithApis(<ExplainPage />, { api });
    await userEvent.type(
      screen.getByRole('textbox', { name: 'User' }),
      'user:default/audrey',
    );
    await userEvent.type(
      screen.getByLabelText('Permission'),
      'tenants.tenant.suspend',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Explain' }));
    expect(await screen.findByText('DENY')).toBeInTheDocument();
    // The user is named, linked to their catalog page.
    const reason = screen.getByText(/^no role of/);
    expect(reason).toHaveTextContent(
      'no role of Audrey Auditor grants tenants.tenant.suspend',
    );
    expect(
      within(reason).getByRole('link', { name: 'Audrey Auditor' }),
    ).toHaveAttribute('href', '/catalog/default/user/audrey');
  });
});

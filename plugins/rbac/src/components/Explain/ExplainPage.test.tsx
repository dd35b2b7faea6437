import { screen } from '@testing-library/react';
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
    );
    expect(await screen.findByText('ALLOW')).toBeInTheDocument();
    expect(
      screen.getByText('role operator grants tenants.*'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('member through group:default/operators'),
    ).toBeInTheDocument();
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
    expect(
      screen.getByText(
        'no role of user:default/audrey grants tenants.tenant.suspend',
      ),
    ).toBeInTheDocument();
  });
});

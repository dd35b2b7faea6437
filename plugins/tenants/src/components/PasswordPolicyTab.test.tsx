import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeTenantsApi, renderWithApis } from '../__testUtils__';
import { PasswordPolicyTab } from './PasswordPolicyTab';

jest.setTimeout(30_000);

describe('PasswordPolicyTab', () => {
  it('validates the numbers before saving', async () => {
    const api = fakeTenantsApi();
    await renderWithApis(<PasswordPolicyTab tenant="acme" />, { api });
    const minLength = await screen.findByLabelText('Minimum length');
    expect(minLength).toHaveValue('12');
    const save = screen.getByRole('button', { name: 'Save policy' });

    await userEvent.clear(minLength);
    await userEvent.type(minLength, '6');
    expect(screen.getByText('Must be between 8 and 128')).toBeVisible();
    expect(save).toBeDisabled();

    await userEvent.clear(minLength);
    await userEvent.type(minLength, 'ten');
    expect(screen.getByText('Enter a whole number')).toBeVisible();
    expect(save).toBeDisabled();

    const expiry = screen.getByLabelText(/Days until a password expires/);
    await userEvent.clear(minLength);
    await userEvent.type(minLength, '14');
    await userEvent.clear(expiry);
    await userEvent.type(expiry, '400');
    expect(screen.getByText('Must be between 0 and 365')).toBeVisible();
    await userEvent.clear(expiry);
    await userEvent.type(expiry, '90');
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Require a symbol' }),
    );
    expect(save).toBeEnabled();
    await userEvent.click(save);
    expect(api.updatePasswordPolicy).toHaveBeenCalledWith('acme', {
      minLength: 14,
      expiryDays: 90,
      historyCount: 5,
      requireLowercase: true,
      requireUppercase: true,
      requireDigit: true,
      requireSymbol: true,
    });
    expect(await screen.findByText('Saved.')).toBeVisible();
  });

  it('is read-only without tenants.password-policy.update', async () => {
    await renderWithApis(<PasswordPolicyTab tenant="acme" />, {
      api: fakeTenantsApi(),
      allow: ['tenants.password-policy.read'],
    });
    expect(await screen.findByLabelText('Minimum length')).toBeDisabled();
    expect(
      screen.queryByRole('button', { name: 'Save policy' }),
    ).not.toBeInTheDocument();
  });
});

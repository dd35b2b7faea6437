import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakeTenantsApi,
  renderWithApis,
  responseError,
} from '../__testUtils__';
import { SsoTab } from './SsoTab';

jest.setTimeout(30_000);

const SECRET = 'sup3r-s3cr3t-value';

const configured = {
  tenant: 'acme',
  issuerUrl: 'https://login.acme.example',
  clientId: 'control-plane',
  clientSecretSet: true,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('SsoTab', () => {
  it('shows that a secret is set, never its value, and clears a typed one once saved', async () => {
    const api = fakeTenantsApi();
    api.getSso.mockResolvedValue(configured);
    const { container } = await renderWithApis(<SsoTab tenant="acme" />, {
      api,
    });
    expect(await screen.findByLabelText(/^Issuer URL/)).toHaveValue(
      'https://login.acme.example',
    );
    const secret = screen.getByLabelText(/^Client secret/);
    expect(secret).toHaveValue('');
    expect(secret).toHaveAttribute('type', 'password');
    expect(screen.getByText(/A client secret is set/)).toBeVisible();

    await userEvent.type(secret, SECRET);
    await userEvent.click(
      screen.getByRole('button', { name: 'Save SSO settings' }),
    );
    expect(api.updateSso).toHaveBeenCalledWith('acme', {
      issuerUrl: 'https://login.acme.example',
      clientId: 'control-plane',
      clientSecret: SECRET,
    });
    await waitFor(() => expect(secret).toHaveValue(''));
    expect(screen.getByText('Saved.')).toBeVisible();
    expect(container.innerHTML).not.toContain(SECRET);
  });

  it('keeps the stored secret when none is typed', async () => {
    const api = fakeTenantsApi();
    api.getSso.mockResolvedValue(configured);
    await renderWithApis(<SsoTab tenant="acme" />, { api });
    const clientId = await screen.findByLabelText(/^Client ID/);
    await userEvent.clear(clientId);
    await userEvent.type(clientId, 'portal');
    await userEvent.click(
      screen.getByRole('button', { name: 'Save SSO settings' }),
    );
    expect(api.updateSso).toHaveBeenCalledWith('acme', {
      issuerUrl: 'https://login.acme.example',
      clientId: 'portal',
    });
  });

  it('shows the discovery error of the backend next to the form', async () => {
    const api = fakeTenantsApi();
    api.updateSso.mockRejectedValue(
      await responseError(
        400,
        'OIDC discovery failed: issuer mismatch (got https://other.example)',
        'InputError',
      ),
    );
    await renderWithApis(<SsoTab tenant="acme" />, { api });
    expect(await screen.findByText('No client secret is set.')).toBeVisible();
    const save = screen.getByRole('button', { name: 'Save SSO settings' });
    await userEvent.type(
      screen.getByLabelText(/^Issuer URL/),
      'http://login.acme.example',
    );
    expect(screen.getByText('The issuer must be an https URL')).toBeVisible();
    await userEvent.clear(screen.getByLabelText(/^Issuer URL/));
    await userEvent.type(
      screen.getByLabelText(/^Issuer URL/),
      'https://login.acme.example',
    );
    await userEvent.type(screen.getByLabelText(/^Client ID/), 'portal');
    // A first configuration needs a secret.
    expect(save).toBeDisabled();
    await userEvent.type(screen.getByLabelText(/^Client secret/), SECRET);
    await userEvent.click(save);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'OIDC discovery failed: issuer mismatch (got https://other.example)',
    );
  });

  it('is read-only without tenants.sso.update', async () => {
    const api = fakeTenantsApi();
    api.getSso.mockResolvedValue(configured);
    await renderWithApis(<SsoTab tenant="acme" />, {
      api,
      allow: ['tenants.sso.read'],
    });
    expect(await screen.findByLabelText(/^Issuer URL/)).toBeDisabled();
    expect(screen.getByLabelText(/^Client secret/)).toBeDisabled();
    expect(
      screen.queryByRole('button', { name: 'Save SSO settings' }),
    ).not.toBeInTheDocument();
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AppCredential, ManagedApp } from '@controlplane/plugin-apps-common';
import {
  app,
  credential,
  errorResponse,
  fakeAppsBackend,
  renderApps,
  SECRET,
} from '../__testUtils__';
import { CredentialsCard } from './CredentialsCard';
import { useCredentials } from './useCredentials';

jest.setTimeout(30_000);

const Harness = (props: { app: ManagedApp }) => {
  const credentials = useCredentials({ appId: props.app.id });
  return <CredentialsCard app={props.app} credentials={credentials} />;
};

const render = (
  credentials: AppCredential[] = [credential('ci')],
  options: { allow?: string[]; deny?: string[] } = {},
) => {
  const subject = app('billing-sync');
  const backend = fakeAppsBackend({ apps: [subject], credentials });
  renderApps(<Harness app={subject} />, { backend, ...options });
  return backend;
};

const writeText = jest.fn(async (_text: string) => {});

beforeEach(() => {
  writeText.mockClear();
  Object.defineProperty(navigator, 'clipboard', {
    value: { writeText },
    configurable: true,
  });
});

describe('CredentialsCard', () => {
  it('lists credentials with prefix, scopes, status, dates and grace period', async () => {
    render([
      credential('ci', {
        scopes: ['flags:read', 'audit:write'],
        lastUsedAt: '2026-11-20T10:00:00Z',
      }),
      credential('rotating', {
        id: 'key-rotating',
        prefix: 'cp_test_rota',
        previousSecretValidUntil: '2999-01-01T00:00:00Z',
      }),
      credential('old', {
        id: 'key-old',
        prefix: 'cp_test_oldo',
        status: 'revoked',
      }),
    ]);
    const ci = (await screen.findByText('cp_test_abcd')).closest('tr')!;
    expect(within(ci).getByText('audit:write')).toBeInTheDocument();
    expect(ci).toHaveTextContent('active');
    expect(ci).toHaveTextContent('never'); // no expiry
    const rotating = screen.getByText('cp_test_rota').closest('tr')!;
    expect(rotating).toHaveTextContent('rotating');
    expect(rotating).toHaveTextContent(
      new Date('2999-01-01T00:00:00Z').toLocaleString(),
    );
    const old = screen.getByText('cp_test_oldo').closest('tr')!;
    expect(old).toHaveTextContent('revoked');
    // A revoked credential can be neither rotated nor revoked again.
    expect(
      within(old).queryByRole('button', { name: /Revoke|Rotate/ }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText(SECRET)).not.toBeInTheDocument();
    // The controls of the active credentials, decided last.
    expect(
      await screen.findByRole('button', { name: 'Revoke rotating' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Revoke ci' }),
    ).toBeInTheDocument();
  });

  it('shows an empty state', async () => {
    render([]);
    expect(
      await screen.findByText(/No credentials yet: issue one/),
    ).toBeInTheDocument();
  });

  it('issues a credential and shows its secret once, then never again', async () => {
    const backend = render([]);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Issue credential' }),
    );
    let dialog = screen.getByRole('dialog');
    await userEvent.type(
      within(dialog).getByLabelText(/^Name/),
      'Production integration',
    );
    // No scope chosen: nothing is sent.
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Issue' }),
    );
    expect(
      within(dialog).getByText('A credential needs at least one scope'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText(/Report billable events/)).toBeVisible();
    await userEvent.click(within(dialog).getByLabelText(/^flags:read/));
    await userEvent.click(within(dialog).getByLabelText(/^billing:write/));
    await userEvent.type(
      within(dialog).getByLabelText(/^Expires on/),
      '2099-12-31',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Issue' }),
    );

    await waitFor(() =>
      expect(
        backend.requestsTo('POST', '/apps/id-billing-sync/api-keys'),
      ).toHaveLength(1),
    );
    expect(
      backend.requestsTo('POST', '/apps/id-billing-sync/api-keys')[0].body,
    ).toEqual({
      name: 'Production integration',
      scopes: ['flags:read', 'billing:write'],
      expiresAt: '2099-12-31T23:59:59.000Z',
    });

    dialog = await screen.findByRole('dialog', { name: 'Credential issued' });
    const secret = `${SECRET.slice(0, 40)}001`;
    expect(within(dialog).getByLabelText('Client ID')).toHaveValue(
      'cp_test_newnewnewnewnewn',
    );
    expect(within(dialog).getByLabelText('Client secret')).toHaveValue(secret);
    expect(within(dialog).getByLabelText('Token')).toHaveValue(
      `cp_test_newnewnewnewnewn.${secret}`,
    );
    expect(
      within(dialog).getByLabelText('Secret shown once'),
    ).toHaveTextContent(/will not be shown again/);

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Copy client secret' }),
    );
    expect(writeText).toHaveBeenCalledWith(secret);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Copy token' }),
    );
    expect(writeText).toHaveBeenLastCalledWith(
      `cp_test_newnewnewnewnewn.${secret}`,
    );

    // Escape does not lose the secret by accident.
    await userEvent.keyboard('{Escape}');
    expect(
      screen.getByRole('dialog', { name: 'Credential issued' }),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'I have copied the secret' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    // The new credential is listed, its secret is nowhere in the page.
    expect(await screen.findByText('cp_test_newn')).toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain(secret);
    expect(screen.queryByDisplayValue(secret)).not.toBeInTheDocument();
  });

  it("shows the backend's message when issuing fails", async () => {
    const backend = render([]);
    backend.respond('POST /apps/id-billing-sync/api-keys', () =>
      errorResponse(400, 'InputError', 'expiresAt must be in the future'),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Issue credential' }),
    );
    const dialog = screen.getByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/^Name/), 'ci');
    await userEvent.click(within(dialog).getByLabelText(/^audit:write/));
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Issue' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'expiresAt must be in the future',
    );
  });

  it('rotates with the grace period and shows the new secret once', async () => {
    const backend = render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Rotate ci' }),
    );
    const dialog = screen.getByRole('dialog');
    const hours = within(dialog).getByLabelText(/^Grace period/);
    expect(hours).toHaveValue(24);
    await userEvent.clear(hours);
    await userEvent.type(hours, '169');
    expect(
      within(dialog).getByRole('button', { name: 'Rotate' }),
    ).toBeDisabled();
    await userEvent.clear(hours);
    await userEvent.type(hours, '48');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Rotate' }),
    );
    await waitFor(() =>
      expect(backend.requestsTo('POST', '/api-keys/key-ci/rotate')).toEqual([
        expect.objectContaining({ body: { gracePeriodHours: 48 } }),
      ]),
    );
    const result = await screen.findByRole('dialog', {
      name: 'Credential rotated',
    });
    const secret = `${SECRET.slice(0, 40)}001`;
    expect(within(result).getByLabelText('Client secret')).toHaveValue(secret);
    await userEvent.click(
      within(result).getByRole('button', { name: 'I have copied the secret' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(document.body.innerHTML).not.toContain(secret);
    // The list now shows the old secret's grace period.
    expect(await screen.findByText('rotating')).toBeInTheDocument();
  });

  it('revokes only after confirmation', async () => {
    const backend = render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Revoke ci' }),
    );
    let dialog = screen.getByRole('dialog');
    expect(dialog).toHaveTextContent(/cannot be undone/);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(backend.requestsTo('DELETE', '/api-keys/key-ci')).toHaveLength(0);

    await userEvent.click(screen.getByRole('button', { name: 'Revoke ci' }));
    dialog = screen.getByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Revoke' }),
    );
    await waitFor(() =>
      expect(backend.requestsTo('DELETE', '/api-keys/key-ci')).toHaveLength(1),
    );
    const row = (await screen.findByText('revoked')).closest('tr')!;
    expect(row).toHaveTextContent('ci');
  });

  it('shows each control only with its permission', async () => {
    render([credential('ci')], {
      deny: ['apps.credential.create', 'apps.credential.revoke'],
    });
    expect(
      await screen.findByRole('button', { name: 'Rotate ci' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Revoke ci' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Issue credential' }),
    ).not.toBeInTheDocument();
  });
});

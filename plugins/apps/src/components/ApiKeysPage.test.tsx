import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  app,
  credential,
  errorResponse,
  fakeAppsBackend,
  renderApps,
} from '../__testUtils__';
import { AppsPage } from './AppsPage';

jest.setTimeout(30_000);

const data = () => ({
  apps: [app('billing-sync'), app('audit-shipper')],
  credentials: [
    credential('ci'),
    credential('shipper', {
      id: 'key-shipper',
      appId: 'id-audit-shipper',
      appName: 'audit-shipper',
      prefix: 'cp_live_ship',
    }),
    credential('old', {
      id: 'key-old',
      prefix: 'cp_test_oldo',
      status: 'revoked',
    }),
  ],
});

const render = (
  options: { allow?: string[]; deny?: string[]; path?: string } = {},
) => {
  const backend = fakeAppsBackend(data());
  const { path = '/apps/api-keys', ...permissions } = options;
  renderApps(<AppsPage />, {
    backend,
    ...permissions,
    mountPath: '/apps/*',
    path,
  });
  return backend;
};

describe('ApiKeysPage', () => {
  it('lists every credential with a link to its app', async () => {
    render();
    expect(
      await screen.findByRole('heading', { name: 'API keys' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'audit-shipper' }),
    ).toHaveAttribute('href', '/apps/id-audit-shipper');
    expect(screen.getByText('cp_live_ship')).toBeInTheDocument();
    expect(screen.getByText('cp_test_oldo')).toBeInTheDocument();
    expect(screen.getByText('3 credentials')).toBeInTheDocument();
    // The controls of the active credentials, decided per app, come last.
    expect(
      await screen.findByRole('button', { name: 'Revoke ci' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Revoke shipper' }),
    ).toBeInTheDocument();
  });

  it('filters by status through the URL', async () => {
    const backend = render({ path: '/apps/api-keys?status=revoked' });
    expect(await screen.findByText('cp_test_oldo')).toBeInTheDocument();
    expect(screen.queryByText('cp_live_ship')).not.toBeInTheDocument();
    expect(backend.requestsTo('GET', '/api-keys')[0].query.get('status')).toBe(
      'revoked',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Status revoked' }),
    );
    expect(await screen.findByText('cp_live_ship')).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Revoke shipper' }),
    ).toBeInTheDocument();
  });

  it('revokes a credential after confirmation', async () => {
    const backend = render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Revoke shipper' }),
    );
    const dialog = screen.getByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Revoke' }),
    );
    await waitFor(() =>
      expect(
        backend.requestsTo('DELETE', '/api-keys/key-shipper'),
      ).toHaveLength(1),
    );
    await waitFor(() =>
      expect(screen.getByText('cp_live_ship').closest('tr')).toHaveTextContent(
        'revoked',
      ),
    );
  });

  it("shows the backend's message when revoking fails", async () => {
    const backend = render();
    backend.respond('DELETE /api-keys/key-shipper', () =>
      errorResponse(403, 'NotAllowedError', 'Not your app'),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Revoke shipper' }),
    );
    const dialog = screen.getByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Revoke' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Not allowed: Not your app',
    );
  });

  it('hides revoke without apps.credential.revoke', async () => {
    render({ deny: ['apps.credential.revoke'] });
    await screen.findByText('cp_live_ship');
    // Rotating is allowed; it is decided together with revoking.
    await screen.findByRole('button', { name: 'Rotate shipper' });
    expect(
      screen.queryByRole('button', { name: /^Revoke/ }),
    ).not.toBeInTheDocument();
  });
});

describe('AppsPage', () => {
  it('routes to the list and to one app', async () => {
    render({ path: '/apps' });
    await userEvent.click(
      await screen.findByRole('link', { name: 'audit-shipper' }),
    );
    expect(
      await screen.findByRole('heading', { name: 'audit-shipper' }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('link', { name: 'All apps' }));
    await userEvent.click(
      await screen.findByRole('link', { name: /All API keys/ }),
    );
    expect(
      await screen.findByRole('heading', { name: 'API keys' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Revoke shipper' }),
    ).toBeInTheDocument();
  });
});

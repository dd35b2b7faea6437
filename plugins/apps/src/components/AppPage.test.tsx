import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ManagedApp } from '@controlplane/plugin-apps-common';
import {
  app,
  credential,
  errorResponse,
  fakeAppsBackend,
  renderApps,
} from '../__testUtils__';
import { AppPage } from './AppPage';

jest.setTimeout(30_000);

const render = (
  subject: ManagedApp = app('billing-sync'),
  options: { allow?: string[]; deny?: string[] } = {},
) => {
  const backend = fakeAppsBackend({
    apps: [subject],
    credentials: [credential('ci')],
  });
  renderApps(<AppPage />, {
    backend,
    ...options,
    mountPath: '/apps/:id',
    path: `/apps/${subject.id}`,
  });
  return backend;
};

describe('AppPage', () => {
  it('shows the app with its status, overview and catalog link', async () => {
    render(
      app('billing-sync', {
        title: 'Billing sync',
        tenants: ['acme', 'globex'],
        rateLimits: [
          { routePattern: '/api/audit/*', limitPerMinute: 100, burst: 150 },
        ],
      }),
    );
    expect(
      await screen.findByRole('heading', { name: 'Billing sync' }),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('App disabled')).not.toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /View in catalog/ }),
    ).toHaveAttribute('href', '/catalog/default/app/billing-sync');
    expect(screen.getByRole('link', { name: 'Apps team' })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-apps',
    );
    expect(screen.getByRole('link', { name: 'Ada Admin' })).toHaveAttribute(
      'href',
      '/catalog/default/user/ada',
    );
    expect(screen.getByText('globex')).toBeInTheDocument();
    expect(screen.getByText('/api/audit/*')).toBeInTheDocument();
    // The credentials of the app, and the usage of the first one.
    expect(await screen.findByText('cp_test_abcd')).toBeInTheDocument();
    expect(await screen.findByLabelText('Usage totals')).toHaveTextContent(
      '3,000',
    );
  });

  it("shows the backend's message when the app cannot be loaded", async () => {
    const backend = fakeAppsBackend({ apps: [] });
    backend.respond('GET /apps/nope', () =>
      errorResponse(404, 'NotFoundError', 'No app nope'),
    );
    renderApps(<AppPage />, {
      backend,
      mountPath: '/apps/:id',
      path: '/apps/nope',
    });
    expect(await screen.findByText(/No app nope \(404\)/)).toBeInTheDocument();
    // The panel's "Full Error as JSON", shown (and highlighted) last.
    expect(await screen.findByText('"NotFoundError"')).toBeInTheDocument();
  });

  it('disables only with a reason, then shows the banner', async () => {
    const backend = render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Disable' }),
    );
    const dialog = screen.getByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Disable' });
    expect(confirm).toBeDisabled();
    const reason = within(dialog).getByLabelText(/^Reason/);
    await userEvent.type(reason, '  a');
    expect(confirm).toBeDisabled();
    await userEvent.clear(reason);
    await userEvent.type(reason, 'Leaked credentials');
    expect(confirm).toBeEnabled();
    await userEvent.click(confirm);
    await waitFor(() =>
      expect(
        backend.requestsTo('POST', '/apps/id-billing-sync/disable'),
      ).toHaveLength(1),
    );
    expect(
      backend.requestsTo('POST', '/apps/id-billing-sync/disable')[0].body,
    ).toEqual({ reason: 'Leaked credentials' });
    const banner = await screen.findByLabelText('App disabled');
    expect(banner).toHaveTextContent('This app is disabled');
    expect(banner).toHaveTextContent('Reason: Leaked credentials');
    expect(
      await screen.findByRole('button', { name: 'Enable' }),
    ).toBeInTheDocument();
  });

  it('enables a disabled app after confirmation', async () => {
    const backend = render(
      app('billing-sync', { status: 'disabled', disabledReason: 'Audit' }),
    );
    expect(await screen.findByLabelText('App disabled')).toHaveTextContent(
      'Reason: Audit',
    );
    // A disabled app gets no new credentials.
    expect(
      screen.queryByRole('button', { name: 'Issue credential' }),
    ).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Enable' }));
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Enable',
      }),
    );
    await waitFor(() =>
      expect(screen.queryByLabelText('App disabled')).not.toBeInTheDocument(),
    );
    expect(
      backend.requestsTo('POST', '/apps/id-billing-sync/enable'),
    ).toHaveLength(1);
  });

  it('edits title, owner and tenants and sends only what changed', async () => {
    const backend = render();
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = screen.getByRole('dialog');
    const save = within(dialog).getByRole('button', { name: 'Save' });
    expect(save).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText(/^Title/), 'Billing');
    const owner = within(dialog).getByLabelText(/^Owner/);
    await userEvent.clear(owner);
    await userEvent.type(owner, 'team without kind');
    expect(save).toBeDisabled();
    await userEvent.clear(owner);
    await userEvent.type(owner, 'group:team-billing');
    await userEvent.type(
      within(dialog).getByLabelText(/^Tenants/),
      'globex{enter}',
    );
    await userEvent.click(save);
    await waitFor(() =>
      expect(backend.requestsTo('PATCH', '/apps/id-billing-sync')).toHaveLength(
        1,
      ),
    );
    expect(
      backend.requestsTo('PATCH', '/apps/id-billing-sync')[0].body,
    ).toEqual({
      title: 'Billing',
      owner: 'group:default/team-billing',
      tenants: ['acme', 'globex'],
    });
    expect(
      await screen.findByRole('heading', { name: 'Billing' }),
    ).toBeInTheDocument();
  });

  it('clears the title with null', async () => {
    const backend = render(app('billing-sync', { title: 'Billing' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = screen.getByRole('dialog');
    await userEvent.clear(within(dialog).getByLabelText(/^Title/));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(
        backend.requestsTo('PATCH', '/apps/id-billing-sync')[0]?.body,
      ).toEqual({ title: null }),
    );
    expect(
      await screen.findByRole('heading', { name: 'billing-sync' }),
    ).toBeInTheDocument();
  });

  it('hides every control without the permissions', async () => {
    render(app('billing-sync'), {
      allow: ['apps.app.read', 'apps.credential.read'],
    });
    expect(await screen.findByText('cp_test_abcd')).toBeInTheDocument();
    for (const name of [
      'Disable',
      'Edit',
      'Edit rate limits',
      'Issue credential',
      'Rotate ci',
      'Revoke ci',
    ]) {
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    }
    // No usage without apps.usage.read.
    expect(screen.queryByText('Usage')).not.toBeInTheDocument();
  });

  it('shows usage with apps.usage.read only, and loads none without', async () => {
    const backend = render(app('billing-sync'), {
      deny: ['apps.usage.read'],
    });
    // Permissions are decided together: once credentials show, usage is decided.
    expect(await screen.findByText('cp_test_abcd')).toBeInTheDocument();
    expect(screen.queryByText('Usage')).not.toBeInTheDocument();
    expect(backend.requests.filter(r => r.path.endsWith('/usage'))).toEqual([]);
    // The credential's own controls, decided last.
    expect(
      await screen.findByRole('button', { name: 'Revoke ci' }),
    ).toBeInTheDocument();
  });

  it('does not load credentials without apps.credential.read', async () => {
    const backend = render(app('billing-sync'), {
      allow: ['apps.app.read'],
    });
    expect(
      await screen.findByRole('heading', { name: 'billing-sync' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Credentials')).not.toBeInTheDocument();
    expect(backend.requestsTo('GET', '/api-keys')).toHaveLength(0);
  });
});

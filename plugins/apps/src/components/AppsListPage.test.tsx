import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  errorResponse,
  fakeAppsBackend,
  renderApps,
  app,
} from '../__testUtils__';
import { AppsListPage } from './AppsListPage';

jest.setTimeout(30_000);

const apps = () => [
  app('billing-sync', { title: 'Billing sync', tenants: ['acme', 'globex'] }),
  app('audit-shipper', {
    status: 'disabled',
    environment: 'production',
    tenants: ['initech'],
  }),
];

const lastListQuery = (backend: ReturnType<typeof fakeAppsBackend>) => {
  const lists = backend.requestsTo('GET', '/apps');
  return Object.fromEntries(lists[lists.length - 1].query);
};

describe('AppsListPage', () => {
  it('lists apps with links, environments, statuses, tenants and owners', async () => {
    const backend = fakeAppsBackend({ apps: apps() });
    renderApps(<AppsListPage />, { backend });
    const link = await screen.findByRole('link', { name: 'billing-sync' });
    expect(link).toHaveAttribute('href', '/apps/id-billing-sync');
    const row = link.closest('tr')!;
    expect(row).toHaveTextContent('Billing sync');
    expect(row).toHaveTextContent('staging');
    expect(row).toHaveTextContent('active');
    expect(within(row).getByText('globex')).toBeInTheDocument();
    expect(
      within(row).getByRole('link', { name: 'Apps team' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-apps');
    const disabled = screen
      .getByRole('link', { name: 'audit-shipper' })
      .closest('tr')!;
    expect(disabled).toHaveTextContent('disabled');
    expect(disabled).toHaveTextContent('production');
  });

  it('keeps search, status and tenant filters in the URL and sends them', async () => {
    const backend = fakeAppsBackend({ apps: apps() });
    renderApps(<AppsListPage />, {
      backend,
      path: '/apps?status=disabled&search=audit',
      mountPath: '/apps',
    });
    // Filters come from the URL on the first load.
    expect(
      await screen.findByRole('link', { name: 'audit-shipper' }),
    ).toBeInTheDocument();
    expect(lastListQuery(backend)).toEqual({
      search: 'audit',
      status: 'disabled',
      limit: '25',
    });
    expect(screen.getByLabelText('Search apps')).toHaveValue('audit');
    expect(
      screen.getByRole('button', { name: 'Status disabled' }),
    ).toHaveAttribute('aria-pressed', 'true');
    expect(
      screen.queryByRole('link', { name: 'billing-sync' }),
    ).not.toBeInTheDocument();

    // Clearing both shows everything again.
    await userEvent.click(
      screen.getByRole('button', { name: 'Status disabled' }),
    );
    await userEvent.clear(screen.getByLabelText('Search apps'));
    await waitFor(() =>
      expect(lastListQuery(backend)).toEqual({ limit: '25' }),
    );
    expect(
      await screen.findByRole('link', { name: 'billing-sync' }),
    ).toBeInTheDocument();

    // A tenant chip filters by that tenant.
    await userEvent.click(
      screen.getByRole('button', { name: 'Filter by tenant globex' }),
    );
    await waitFor(() =>
      expect(lastListQuery(backend)).toEqual({ tenant: 'globex', limit: '25' }),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('link', { name: 'audit-shipper' }),
      ).not.toBeInTheDocument(),
    );
    expect(screen.getByLabelText('Tenant filter globex')).toBeInTheDocument();
  });

  it('types a search into the URL query', async () => {
    const backend = fakeAppsBackend({ apps: apps() });
    renderApps(<AppsListPage />, { backend });
    await screen.findByRole('link', { name: 'billing-sync' });
    await userEvent.type(screen.getByLabelText('Search apps'), 'bill');
    await waitFor(() => expect(lastListQuery(backend).search).toBe('bill'));
    await waitFor(() =>
      expect(
        screen.queryByRole('link', { name: 'audit-shipper' }),
      ).not.toBeInTheDocument(),
    );
  });

  it('shows an empty state', async () => {
    const backend = fakeAppsBackend({ apps: [] });
    renderApps(<AppsListPage />, { backend });
    expect(
      await screen.findByText(/No apps registered yet/),
    ).toBeInTheDocument();
  });

  it("shows the backend's message when the list fails", async () => {
    const failing = fakeAppsBackend();
    failing.respond('GET /apps', () =>
      errorResponse(403, 'NotAllowedError', 'You may not see apps'),
    );
    renderApps(<AppsListPage />, { backend: failing });
    expect(
      await screen.findByText(/You may not see apps \(403\)/),
    ).toBeInTheDocument();
    // The panel's "Full Error as JSON", shown (and highlighted) last.
    expect(await screen.findByText('"NotAllowedError"')).toBeInTheDocument();
  });

  it('registers an app with the fields as the API names them', async () => {
    const backend = fakeAppsBackend({ apps: [] });
    renderApps(<AppsListPage />, { backend });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Register app' }),
    );
    const dialog = screen.getByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/^Name/), 'crm-sync');
    await userEvent.type(within(dialog).getByLabelText(/^Title/), 'CRM sync');
    await userEvent.type(
      within(dialog).getByLabelText(/^Description/),
      'Pushes invoices',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: /Environment/ }),
    );
    await userEvent.click(screen.getByRole('option', { name: 'production' }));
    await userEvent.type(
      within(dialog).getByLabelText(/^Owner/),
      'group:team-crm',
    );
    const tenants = within(dialog).getByLabelText(/^Tenants/);
    await userEvent.type(tenants, 'acme{enter}');
    await userEvent.type(tenants, 'globex{enter}');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Register' }),
    );
    await waitFor(() =>
      expect(backend.requestsTo('POST', '/apps')).toHaveLength(1),
    );
    expect(backend.requestsTo('POST', '/apps')[0].body).toEqual({
      name: 'crm-sync',
      title: 'CRM sync',
      description: 'Pushes invoices',
      environment: 'production',
      owner: 'group:default/team-crm',
      tenants: ['acme', 'globex'],
    });
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('does not send an invalid name and shows a 409 from the backend', async () => {
    const backend = fakeAppsBackend({ apps: [] });
    backend.respond('POST /apps', () =>
      errorResponse(
        409,
        'ConflictError',
        'An app named crm-sync already exists',
      ),
    );
    renderApps(<AppsListPage />, { backend });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Register app' }),
    );
    const dialog = screen.getByRole('dialog');
    const name = within(dialog).getByLabelText(/^Name/);
    await userEvent.type(name, 'CRM Sync');
    await userEvent.type(
      within(dialog).getByLabelText(/^Owner/),
      'group:default/team-crm',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Register' }),
    );
    expect(within(dialog).getByText(/is not an app name/)).toBeInTheDocument();
    expect(backend.requestsTo('POST', '/apps')).toHaveLength(0);

    await userEvent.clear(name);
    await userEvent.type(name, 'crm-sync');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Register' }),
    );
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Conflict');
    expect(alert).toHaveTextContent('An app named crm-sync already exists');
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('hides "Register app" without apps.app.create', async () => {
    const backend = fakeAppsBackend({ apps: apps() });
    renderApps(<AppsListPage />, { backend, deny: ['apps.app.create'] });
    await screen.findByRole('link', { name: 'billing-sync' });
    expect(
      screen.queryByRole('button', { name: 'Register app' }),
    ).not.toBeInTheDocument();
  });
});

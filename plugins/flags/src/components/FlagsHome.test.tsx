import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  flagsFlagReadPermission,
  flagsTenantReadPermission,
} from '@controlplane/plugin-flags-common';
import {
  acmeEvaluation,
  errorResponse,
  fakeFlagsBackend,
  flag,
  renderFlags,
} from '../__testUtils__';
import { FlagsPage } from './FlagsPage';

jest.setTimeout(30_000);

const renderHome = (backend = fakeFlagsBackend(), held?: string[]) =>
  renderFlags(<FlagsPage />, {
    backend,
    held,
    path: '/flags',
    mountPath: '/flags/*',
  });

describe('the flags list', () => {
  it('lists flags with their stale and killed markers', async () => {
    await renderHome(
      fakeFlagsBackend({
        flags: [
          flag('dark-mode', { tags: ['ui'], description: 'Dark theme' }),
          flag('old-checkout', { potentiallyStale: true }),
          flag('payments', { killed: true }),
        ],
      }),
    );
    const table = await screen.findByRole('table', { name: 'Flags' });
    const dark = (await within(table).findByText('dark-mode')).closest('tr')!;
    expect(dark).toHaveTextContent('Dark theme');
    expect(dark).toHaveTextContent('ui');
    expect(within(dark).queryByText('potentially stale')).toBeNull();
    expect(
      within(within(table).getByText('old-checkout').closest('tr')!).getByText(
        'potentially stale',
      ),
    ).toBeInTheDocument();
    expect(
      within(within(table).getByText('payments').closest('tr')!).getByText(
        'killed',
      ),
    ).toBeInTheDocument();
    expect(
      within(table).getByRole('link', { name: 'dark-mode' }),
    ).toHaveAttribute('href', '/flags/dark-mode');
  });

  it('asks the backend with the search, tag and lifecycle filters', async () => {
    const backend = fakeFlagsBackend();
    await renderHome(backend);
    await screen.findByText('dark-mode');
    await userEvent.type(screen.getByLabelText('Search flags'), 'dark');
    await userEvent.type(screen.getByLabelText('Filter by tag'), 'ui');
    await userEvent.click(screen.getByLabelText('Lifecycle deprecated'));
    await userEvent.click(screen.getByLabelText('Only potentially stale'));
    await waitFor(() =>
      expect(
        backend
          .requestsTo('GET', '/flags')
          .some(
            r =>
              r.query.get('search') === 'dark' &&
              r.query.get('tag') === 'ui' &&
              r.query.get('lifecycle') === 'deprecated' &&
              r.query.get('stale') === 'true',
          ),
      ).toBe(true),
    );
    expect(
      await screen.findByText('No flags match these filters'),
    ).toBeInTheDocument();
  });

  it('hides "Create flag" from users who may not create', async () => {
    const { access } = await renderHome(fakeFlagsBackend(), [
      flagsFlagReadPermission.name,
    ]);
    await screen.findByText('dark-mode');
    await waitFor(() => expect(access.reach).toHaveBeenCalled());
    expect(screen.getByRole('tab', { name: 'Flags' })).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Create flag' }),
    ).not.toBeInTheDocument();
    // Without flags.tenant.read there are no tenant views.
    expect(screen.queryByRole('tab', { name: 'Evaluate as' })).toBeNull();
  });

  it('creates a flag with its variants, environments and tags, and opens it', async () => {
    const backend = fakeFlagsBackend({ flags: [] });
    await renderHome(backend);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Create flag' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/^Key/), 'new-flow');
    await userEvent.type(
      within(dialog).getByLabelText(/^Description/),
      'The new checkout',
    );
    await userEvent.click(within(dialog).getByLabelText('production'));
    await userEvent.type(
      within(dialog).getByLabelText(/^Tags/),
      'checkout, beta',
    );
    await userEvent.type(
      within(dialog).getByLabelText(/^Owner/),
      'group:default/payments',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create' }),
    );

    expect(
      await screen.findByRole('heading', { name: 'new-flow' }),
    ).toBeInTheDocument();
    expect(backend.requestsTo('POST', '/flags')[0].body).toEqual({
      key: 'new-flow',
      description: 'The new checkout',
      type: 'boolean',
      variants: [
        { name: 'on', value: true },
        { name: 'off', value: false },
      ],
      defaultVariant: 'off',
      environments: ['development', 'staging'],
      tags: ['checkout', 'beta'],
      owner: 'group:default/payments',
    });
  });

  it('refuses a variant value of the wrong type before asking the backend', async () => {
    const backend = fakeFlagsBackend({ flags: [] });
    await renderHome(backend);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Create flag' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/^Key/), 'x');
    const value = within(dialog).getByLabelText('Variant 1 value');
    await userEvent.clear(value);
    await userEvent.type(value, 'yes');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create' }),
    );
    expect(
      await within(dialog).findByText(/"yes" is not true or false/),
    ).toBeInTheDocument();
    expect(backend.requestsTo('POST', '/flags')).toHaveLength(0);
  });

  it("shows the backend's error instead of the list", async () => {
    const backend = fakeFlagsBackend();
    backend.respond('GET /flags', () =>
      errorResponse(403, 'NotAllowedError', 'You are not allowed'),
    );
    await renderHome(backend);
    expect(
      await screen.findByText(/You are not allowed \(403\)/),
    ).toBeInTheDocument();
  });
});

describe('tenant admins', () => {
  it("see their tenant's effective flags read-only, without the list", async () => {
    const backend = fakeFlagsBackend({ evaluation: acmeEvaluation });
    await renderHome(backend, [flagsTenantReadPermission.name]);
    expect(
      await screen.findByRole('tab', { name: 'Tenant flags' }),
    ).toHaveAttribute('aria-selected', 'true');
    expect(screen.queryByRole('tab', { name: 'Flags' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Create flag' })).toBeNull();

    // No matrix to offer tenants from: the tenant is typed.
    await userEvent.type(await screen.findByLabelText('Tenant'), 'acme');
    const table = await screen.findByRole('table', { name: 'Flags of acme' });
    const row = (await within(table).findByText('dark-mode')).closest('tr')!;
    expect(row).toHaveTextContent('on');
    expect(row).toHaveTextContent('tenant');
    expect(
      backend
        .requestsTo('GET', '/tenants/acme/flags')[0]
        .query.get('environment'),
    ).toBe('production');
    expect(backend.requestsTo('GET', '/flags')).toHaveLength(0);
    expect(screen.queryByRole('button', { name: /^Set/ })).toBeNull();
  });

  it('chooses among the tenants in reach, the first to begin with', async () => {
    const backend = fakeFlagsBackend({
      evaluation: acmeEvaluation,
      matrix: {
        environment: 'production',
        flags: [],
        rows: ['acme', 'globex'].map(tenant => ({
          tenant,
          status: 'active',
          cells: {},
        })),
      },
    });
    await renderHome(backend, [flagsTenantReadPermission.name]);
    expect(
      await screen.findByRole('table', { name: 'Flags of acme' }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Tenant/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'globex' }),
    );
    const globex = await screen.findByRole('table', {
      name: 'Flags of globex',
    });
    expect(await within(globex).findByText('dark-mode')).toBeInTheDocument();
    expect(backend.requestsTo('GET', '/matrix')[0].query.get('limit')).toBe(
      '200',
    );
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  flagsFlagReadPermission,
  flagsTenantUpdatePermission,
} from '@controlplane/plugin-flags-common';
import { fakeFlagsBackend, flag, renderFlags } from '../__testUtils__';
import { FlagPage } from './FlagPage';

jest.setTimeout(30_000);

const darkMode = flag('dark-mode', {
  description: 'Dark theme',
  tags: ['ui'],
  values: [
    {
      environment: 'development',
      target: 'tenant:acme',
      layer: 'tenant',
      tenant: 'acme',
      variant: 'on',
      rules: [],
      updatedBy: 'user:default/oscar',
      updatedAt: '2026-01-03T00:00:00Z',
    },
  ],
});

const renderPage = (
  backend = fakeFlagsBackend({ flags: [darkMode] }),
  held?: string[],
) =>
  renderFlags(<FlagPage />, {
    backend,
    held,
    path: '/flags/dark-mode',
    mountPath: '/flags/:key',
  });

/** The dialog that opened, once it has. */
const dialog = () => screen.findByRole('dialog');

describe('FlagPage', () => {
  it('shows the definition and the values of each environment', async () => {
    await renderPage();
    expect(
      await screen.findByRole('heading', { name: 'dark-mode' }),
    ).toBeInTheDocument();
    const development = await screen.findByRole('table', {
      name: 'Values in development',
    });
    const acme = within(development).getByText('Tenant acme').closest('tr')!;
    expect(acme).toHaveTextContent('on');
    expect(
      within(acme).getByRole('link', { name: 'Oscar Operator' }),
    ).toHaveAttribute('href', '/catalog/default/user/oscar');
    expect(
      within(development).getByText('Plan free').closest('tr'),
    ).toHaveTextContent('not set');

    await userEvent.click(screen.getByRole('tab', { name: 'production' }));
    const production = await screen.findByRole('table', {
      name: 'Values in production',
    });
    expect(within(production).queryByText('Tenant acme')).toBeNull();
  });

  it('hides every change button from a reader', async () => {
    const { access } = await renderPage(undefined, [
      flagsFlagReadPermission.name,
    ]);
    await screen.findByRole('table', { name: 'Values in development' });
    await waitFor(() => expect(access.reach).toHaveBeenCalled());
    await screen.findByRole('table', { name: 'Scheduled changes' });
    for (const name of [
      'Kill switch',
      'Deprecate',
      'Archive',
      'Set tenant override',
      'Schedule change',
      /^Set /,
      /^Clear /,
    ]) {
      expect(screen.queryByRole('button', { name })).toBeNull();
    }
  });

  it('lets a tenant admin change overrides but not the environment default', async () => {
    await renderPage(undefined, [
      flagsFlagReadPermission.name,
      flagsTenantUpdatePermission.name,
    ]);
    expect(
      await screen.findByRole('button', {
        name: 'Set Tenant acme in development',
      }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', {
        name: 'Set Environment default in development',
      }),
    ).toBeNull();
    expect(screen.queryByRole('button', { name: 'Kill switch' })).toBeNull();
  });

  it('sets a tenant override in development without a reason', async () => {
    const backend = fakeFlagsBackend({ flags: [darkMode] });
    await renderPage(backend);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Set tenant override' }),
    );
    const set = await dialog();
    await userEvent.type(within(set).getByLabelText(/^Tenant/), 'globex');
    await userEvent.click(within(set).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const table = screen.getByRole('table', { name: 'Values in development' });
    expect(await within(table).findByText('Tenant globex')).toBeInTheDocument();
    expect(
      backend.requestsTo(
        'PUT',
        '/flags/dark-mode/values/development/tenant:globex',
      )[0].body,
    ).toEqual({ variant: 'off', rules: [] });
  });

  it('requires a reason to set a production value and sends it', async () => {
    const backend = fakeFlagsBackend({ flags: [darkMode] });
    await renderPage(backend);
    await userEvent.click(
      await screen.findByRole('tab', { name: 'production' }),
    );
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Set Environment default in production',
      }),
    );
    const set = await dialog();
    const save = within(set).getByRole('button', { name: 'Save' });
    expect(
      within(set).getByText(/Required: this change touches production/),
    ).toBeInTheDocument();
    expect(save).toBeDisabled();
    await userEvent.type(within(set).getByLabelText(/^Reason/), 'launch');
    expect(save).toBeEnabled();
    await userEvent.click(save);
    await waitFor(() =>
      expect(
        backend.requestsTo('PUT', '/flags/dark-mode/values/production/default'),
      ).toHaveLength(1),
    );
    expect(
      backend.requestsTo('PUT', '/flags/dark-mode/values/production/default')[0]
        .body,
    ).toEqual({ variant: 'off', rules: [], reason: 'launch' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('previews a rollout on 10,000 sample keys and saves it as a rule', async () => {
    const backend = fakeFlagsBackend({ flags: [darkMode] });
    await renderPage(backend);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Set Environment default in development',
      }),
    );
    const set = await dialog();
    await userEvent.click(within(set).getByLabelText(/Percentage rollout/));
    // Even shares to start with: rolloutPreview('dark-mode', 50/50).
    const preview = within(set).getByRole('region', {
      name: 'Rollout preview',
    });
    expect(preview).toHaveTextContent('on: 5,049 keys (50.49 %)');
    expect(preview).toHaveTextContent('off: 4,951 keys (49.51 %)');

    // Shares that do not add up to 100 % cannot be saved.
    const first = within(set).getByLabelText('Share 1 percent');
    await userEvent.clear(first);
    await userEvent.type(first, '25');
    expect(within(set).getByRole('alert')).toHaveTextContent(
      'The shares add up to 75 %, not 100 %',
    );
    expect(within(set).getByRole('button', { name: 'Save' })).toBeDisabled();

    const second = within(set).getByLabelText('Share 2 percent');
    await userEvent.clear(second);
    await userEvent.type(second, '75');
    expect(
      within(set).getByRole('region', { name: 'Rollout preview' }),
    ).toHaveTextContent('on: 2,553 keys (25.53 %)off: 7,447 keys (74.47 %)');

    await userEvent.click(within(set).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(
        backend.requestsTo(
          'PUT',
          '/flags/dark-mode/values/development/default',
        ),
      ).toHaveLength(1),
    );
    expect(
      backend.requestsTo(
        'PUT',
        '/flags/dark-mode/values/development/default',
      )[0].body.rules,
    ).toEqual([
      {
        rollout: [
          { variant: 'on', weight: 25 },
          { variant: 'off', weight: 75 },
        ],
      },
    ]);
    expect(
      await screen.findByText('everyone: on 25 %, off 75 %'),
    ).toBeInTheDocument();
  });

  it('clears a development override without asking why', async () => {
    const backend = fakeFlagsBackend({ flags: [darkMode] });
    await renderPage(backend);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Clear Tenant acme in development',
      }),
    );
    const clear = await dialog();
    expect(within(clear).queryByLabelText(/Reason/)).toBeNull();
    await userEvent.click(within(clear).getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const table = screen.getByRole('table', { name: 'Values in development' });
    await waitFor(() =>
      expect(within(table).queryByText('Tenant acme')).toBeNull(),
    );
    expect(
      backend
        .requestsTo(
          'DELETE',
          '/flags/dark-mode/values/development/tenant:acme',
        )[0]
        .query.get('reason'),
    ).toBeNull();
  });

  it('turns the kill switch on with a reason', async () => {
    const backend = fakeFlagsBackend({ flags: [darkMode] });
    await renderPage(backend);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Kill switch' }),
    );
    const kill = await dialog();
    const confirm = within(kill).getByRole('button', {
      name: 'Turn off everywhere',
    });
    expect(confirm).toBeDisabled();
    await userEvent.type(within(kill).getByLabelText(/Reason/), 'incident 42');
    await userEvent.click(confirm);
    expect(
      await screen.findByRole('alert', { name: 'Flag killed' }),
    ).toBeInTheDocument();
    expect(
      backend.requestsTo('PUT', '/flags/dark-mode/kill-switch')[0].body,
    ).toEqual({ enabled: true, reason: 'incident 42' });
    expect(
      screen.getByRole('button', { name: 'Turn back on' }),
    ).toBeInTheDocument();
  });

  it('deprecates a production flag with a reason and the revision read', async () => {
    const backend = fakeFlagsBackend({ flags: [darkMode] });
    await renderPage(backend);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Deprecate' }),
    );
    const deprecate = await dialog();
    await userEvent.type(
      within(deprecate).getByLabelText(/Reason/),
      'replaced by v2',
    );
    await userEvent.click(
      within(deprecate).getByRole('button', { name: 'Deprecate' }),
    );
    expect(
      await screen.findByRole('button', { name: 'Reactivate' }),
    ).toBeInTheDocument();
    expect(backend.requestsTo('PATCH', '/flags/dark-mode')[0].body).toEqual({
      lifecycle: 'deprecated',
      revision: 1,
      reason: 'replaced by v2',
    });
  });

  it('archives a flag outside production without a reason', async () => {
    const backend = fakeFlagsBackend({
      flags: [flag('dev-only', { environments: ['development'] })],
    });
    await renderFlags(<FlagPage />, {
      backend,
      path: '/flags/dev-only',
      mountPath: '/flags/:key',
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Archive' }),
    );
    const archive = await dialog();
    expect(within(archive).queryByLabelText(/Reason/)).toBeNull();
    await userEvent.click(
      within(archive).getByRole('button', { name: 'Archive' }),
    );
    expect(
      await screen.findByRole('button', { name: 'Reactivate' }),
    ).toBeInTheDocument();
    expect(backend.requestsTo('PATCH', '/flags/dev-only')[0].body).toEqual({
      lifecycle: 'archived',
      revision: 1,
    });
  });

  it('schedules a change, lists it and cancels it', async () => {
    const backend = fakeFlagsBackend({ flags: [darkMode] });
    await renderPage(backend);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Schedule change' }),
    );
    const schedule = await dialog();
    await userEvent.click(
      within(schedule).getByRole('button', { name: /Variant/ }),
    );
    await userEvent.click(await screen.findByRole('option', { name: 'on' }));
    await userEvent.click(
      within(schedule).getByRole('button', { name: 'Schedule' }),
    );
    const table = await screen.findByRole('table', {
      name: 'Scheduled changes',
    });
    expect(
      await within(table).findByText(
        'Set Environment default in development to on',
      ),
    ).toBeInTheDocument();
    const sent = backend.requestsTo('POST', '/flags/dark-mode/schedules')[0]
      .body;
    expect(sent.change).toEqual({
      kind: 'set-value',
      environment: 'development',
      target: 'default',
      variant: 'on',
      rules: [],
    });
    expect(Date.parse(sent.runAt)).toBeGreaterThan(Date.now());

    await userEvent.click(
      within(table).getByRole('button', { name: /^Cancel the change/ }),
    );
    await userEvent.click(
      within(await dialog()).getByRole('button', { name: 'Cancel change' }),
    );
    expect(await within(table).findByText('cancelled')).toBeInTheDocument();
    expect(
      backend.requestsTo('DELETE', '/flags/dark-mode/schedules/s-1'),
    ).toHaveLength(1);
  });

  it('shows the change history and the evaluation metrics', async () => {
    const backend = fakeFlagsBackend({
      flags: [darkMode],
      history: [
        {
          id: 'h1',
          timestamp: '2026-01-03T00:00:00Z',
          actor: 'user:default/oscar',
          action: 'flags.value-set',
          outcome: 'succeeded',
          tenant: 'acme',
          reason: 'beta',
        },
      ],
      metrics: [
        { hour: '2026-01-03T10:00:00Z', tenant: 'acme', app: 'web', count: 5 },
        {
          hour: '2026-01-03T10:00:00Z',
          tenant: 'globex',
          app: 'web',
          count: 2,
        },
        { hour: '2026-01-03T11:00:00Z', tenant: 'acme', app: 'web', count: 4 },
      ],
    });
    await renderPage(backend);
    const history = await screen.findByRole('table', {
      name: 'Change history',
    });
    const entry = (await within(history).findByText('flags.value-set')).closest(
      'tr',
    )!;
    expect(
      within(entry).getByRole('link', { name: 'Oscar Operator' }),
    ).toHaveAttribute('href', '/catalog/default/user/oscar');
    expect(entry).toHaveTextContent('beta');

    expect(await screen.findByLabelText('Total evaluations')).toHaveTextContent(
      '11 evaluations',
    );
    const chart = screen.getByRole('img', { name: 'Evaluations per hour' });
    expect(chart.querySelectorAll('rect')).toHaveLength(2);
    const usage = screen.getByRole('table', {
      name: 'Evaluations by tenant and app',
    });
    expect(
      (await within(usage).findByText('acme')).closest('tr'),
    ).toHaveTextContent('9');
    expect(
      backend
        .requestsTo('GET', '/flags/dark-mode/metrics')[0]
        .query.get('hours'),
    ).toBe('168');
  });
});

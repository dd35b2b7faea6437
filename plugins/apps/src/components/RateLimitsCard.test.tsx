import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { ManagedApp } from '@controlplane/plugin-apps-common';
import { app, fakeAppsBackend, renderApps } from '../__testUtils__';
import { RateLimitsCard } from './RateLimitsCard';

jest.setTimeout(30_000);

const Harness = (props: { app: ManagedApp }) => {
  const [current, setCurrent] = useState(props.app);
  return <RateLimitsCard app={current} onChanged={setCurrent} />;
};

const rule = { routePattern: '/api/audit/*', limitPerMinute: 100, burst: 150 };

const render = (options: { deny?: string[] } = {}) => {
  const subject = app('billing-sync', { rateLimits: [rule] });
  const backend = fakeAppsBackend({ apps: [subject] });
  renderApps(<Harness app={subject} />, { backend, ...options });
  return backend;
};

describe('RateLimitsCard', () => {
  it('lists the rules', async () => {
    render();
    const row = (await screen.findByText('/api/audit/*')).closest('tr')!;
    expect(row).toHaveTextContent('100');
    expect(row).toHaveTextContent('150');
    expect(
      await screen.findByRole('button', { name: 'Edit rate limits' }),
    ).toBeInTheDocument();
  });

  it("says the portal's default applies without rules", async () => {
    const backend = fakeAppsBackend();
    renderApps(<Harness app={app('empty')} />, { backend });
    expect(
      await screen.findByText(/every call uses the portal's default limit/),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Edit rate limits' }),
    ).toBeInTheDocument();
  });

  it('validates the rules before sending, then replaces them', async () => {
    const backend = render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Edit rate limits' }),
    );
    const dialog = screen.getByRole('dialog');
    const save = within(dialog).getByRole('button', { name: 'Save' });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Add rule' }),
    );
    await userEvent.type(
      within(dialog).getByLabelText('Route pattern 2'),
      'flags',
    );
    expect(
      within(dialog).getByLabelText('Rate limit problem'),
    ).toHaveTextContent(/"flags" is not a route pattern/);
    expect(save).toBeDisabled();
    await userEvent.clear(within(dialog).getByLabelText('Route pattern 2'));
    await userEvent.type(
      within(dialog).getByLabelText('Route pattern 2'),
      '/api/flags/*',
    );
    const limit = within(dialog).getByLabelText('Limit per minute 2');
    await userEvent.clear(limit);
    expect(
      within(dialog).getByLabelText('Rate limit problem'),
    ).toHaveTextContent(
      /limitPerMinute of \/api\/flags\/\* must be a whole number/,
    );
    await userEvent.type(limit, '600');
    const burst = within(dialog).getByLabelText('Burst 2');
    await userEvent.clear(burst);
    await userEvent.type(burst, '100');
    // Remove the first rule.
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Remove rule 1' }),
    );
    expect(save).toBeEnabled();
    await userEvent.click(save);
    await waitFor(() =>
      expect(
        backend.requestsTo('PUT', '/apps/id-billing-sync/rate-limits'),
      ).toHaveLength(1),
    );
    expect(
      backend.requestsTo('PUT', '/apps/id-billing-sync/rate-limits')[0].body,
    ).toEqual({
      rules: [
        { routePattern: '/api/flags/*', limitPerMinute: 600, burst: 100 },
      ],
    });
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('/api/flags/*')).toBeInTheDocument();
    expect(screen.queryByText('/api/audit/*')).not.toBeInTheDocument();
  });

  it('hides the edit button without apps.app.update', async () => {
    render({ deny: ['apps.app.update'] });
    await screen.findByText('/api/audit/*');
    expect(
      screen.queryByRole('button', { name: 'Edit rate limits' }),
    ).not.toBeInTheDocument();
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AppCredential } from '@controlplane/plugin-apps-common';
import {
  app,
  credential,
  errorResponse,
  fakeAppsBackend,
  renderApps,
} from '../__testUtils__';
import { UsageCard } from './UsageCard';

jest.setTimeout(30_000);

const credentials = [
  credential('ci'),
  credential('backup', { id: 'key-backup', prefix: 'cp_test_back' }),
];

const render = (list: AppCredential[] = credentials) => {
  const subject = app('billing-sync');
  const backend = fakeAppsBackend({ apps: [subject], credentials: list });
  renderApps(<UsageCard app={subject} credentials={list} />, { backend });
  return backend;
};

const totals = () => within(screen.getByLabelText('Usage totals'));
const usageQueries = (backend: ReturnType<typeof fakeAppsBackend>) =>
  backend.requests
    .filter(r => r.path.endsWith('/usage'))
    .map(r => `${r.path}?period=${r.query.get('period')}`);

describe('UsageCard', () => {
  it('shows the totals of the first credential for 30 days, then refetches on change', async () => {
    const backend = render();
    await waitFor(() =>
      expect(totals().getByLabelText('Total requests')).toHaveTextContent(
        '3,000',
      ),
    );
    expect(totals().getByLabelText('Successful')).toHaveTextContent('2,700');
    expect(
      totals().getByLabelText('Failed (incl. rate limited)'),
    ).toHaveTextContent('300');
    expect(totals().getByLabelText('Rate limited')).toHaveTextContent('90');
    expect(totals().getByLabelText('Last used')).toHaveTextContent(
      new Date('2026-11-22T12:00:00Z').toLocaleString(),
    );
    const byEndpoint = screen.getByRole('table', {
      name: 'Requests by endpoint',
    });
    expect(byEndpoint).toHaveTextContent('/api/flags/flags');
    expect(byEndpoint).toHaveTextContent('3,000');
    expect(screen.getByLabelText('Requests per day')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: /Period/ }));
    await userEvent.click(screen.getByRole('option', { name: 'Last 7 days' }));
    await waitFor(() =>
      expect(totals().getByLabelText('Total requests')).toHaveTextContent(
        '700',
      ),
    );

    await userEvent.click(screen.getByRole('button', { name: /Credential/ }));
    await userEvent.click(screen.getByRole('option', { name: /^backup/ }));
    await waitFor(() =>
      expect(usageQueries(backend)).toEqual([
        '/api-keys/key-ci/usage?period=30d',
        '/api-keys/key-ci/usage?period=7d',
        '/api-keys/key-backup/usage?period=7d',
      ]),
    );
  });

  it("shows the backend's message when usage cannot be read", async () => {
    const subject = app('billing-sync');
    const backend = fakeAppsBackend({ apps: [subject], credentials });
    backend.respond('GET /api-keys/key-ci/usage', () =>
      errorResponse(403, 'NotAllowedError', 'No usage for you'),
    );
    renderApps(<UsageCard app={subject} credentials={credentials} />, {
      backend,
    });
    expect(
      await screen.findByText(/No usage for you \(403\)/),
    ).toBeInTheDocument();
    // The panel's "Full Error as JSON", shown (and highlighted) last.
    expect(await screen.findByText('"NotAllowedError"')).toBeInTheDocument();
  });

  it('says so when the app has no credentials', async () => {
    render([]);
    expect(
      await screen.findByText(/usage appears once the app has one/),
    ).toBeInTheDocument();
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakePlatformHealthBackend,
  metricsGroup,
  renderPlatformHealth,
} from '../__testUtils__';
import { PlatformHealthPage } from './PlatformHealthPage';

jest.setTimeout(30_000);

const backendWithGroups = () =>
  fakePlatformHealthBackend({
    groups: ({ query }) =>
      query.get('by') === 'tenant'
        ? [
            metricsGroup({ tenant: 'acme', requests: 90 }),
            metricsGroup({ tenant: '', requests: 40 }),
          ]
        : [
            metricsGroup({ plugin: 'tenants', requests: 600, p95Ms: 120 }),
            metricsGroup({
              plugin: 'billing',
              requests: 1200,
              errorRatio: 0.05,
              p95Ms: 480,
            }),
            metricsGroup({ plugin: 'audit', requests: 30, p95Ms: 60 }),
          ],
  });

const firstCells = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row => within(row).getAllByRole('cell')[0].textContent);

describe('the system metrics page', () => {
  it('lists the request metrics per plugin, busiest first, and sorts by a column', async () => {
    const backend = backendWithGroups();
    await renderPlatformHealth(<PlatformHealthPage />, {
      backend,
      path: '/platform/system',
      mountPath: '/platform/*',
    });

    const table = await screen.findByRole('table', { name: 'Request metrics' });
    await within(table).findByText('billing');
    expect(firstCells(table)).toEqual(['billing', 'tenants', 'audit']);
    const billing = within(table).getByText('billing').closest('tr')!;
    expect(billing).toHaveTextContent('5%');
    expect(billing).toHaveTextContent('480 ms');
    expect(screen.getByLabelText('Totals')).toHaveTextContent('1,830 requests');
    expect(
      screen.getByRole('link', { name: 'Executive metrics' }),
    ).toHaveAttribute('href', '/platform/metrics');
    expect(
      backend.requestsTo('GET', '/metrics/requests')[0].query.toString(),
    ).toBe('window=1h&by=plugin');

    await userEvent.click(within(table).getByRole('button', { name: 'p95' }));
    expect(firstCells(table)).toEqual(['billing', 'tenants', 'audit']);
    await userEvent.click(
      within(table).getByRole('button', { name: 'Plugin' }),
    );
    await waitFor(() =>
      expect(firstCells(table)).not.toEqual(['billing', 'tenants', 'audit']),
    );
  });

  it('asks for the last day and groups by tenant, linking each tenant to its health page', async () => {
    const backend = backendWithGroups();
    await renderPlatformHealth(<PlatformHealthPage />, {
      backend,
      path: '/platform/system',
      mountPath: '/platform/*',
    });
    await screen.findByText('billing');

    await userEvent.click(screen.getByRole('button', { name: '24h' }));
    await waitFor(() =>
      expect(screen.getByRole('button', { name: '24h' })).toHaveAttribute(
        'aria-pressed',
        'true',
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: 'tenant' }));

    const table = screen.getByRole('table', { name: 'Request metrics' });
    expect(
      await within(table).findByRole('link', { name: 'acme' }),
    ).toHaveAttribute('href', '/platform/tenants/acme');
    expect(within(table).getByText('(none)')).toBeInTheDocument();
    expect(
      backend
        .requestsTo('GET', '/metrics/requests')
        .map(r => r.query.toString()),
    ).toEqual([
      'window=1h&by=plugin',
      'window=24h&by=plugin',
      'window=24h&by=tenant',
    ]);
  });
});

import { fireEvent, screen, within } from '@testing-library/react';
import { jsonResponse as json } from '@controlplane/frontend-common/testUtils';
import {
  errorResponse,
  fakePlatformHealthBackend,
  FakePlatformHealthBackend,
  findDrawnChart,
  metricsSummary,
  renderPlatformHealth,
  timeSeries,
} from '../__testUtils__';
import { PlatformHealthPage } from './PlatformHealthPage';

jest.setTimeout(30_000);

const renderMetrics = (backend: FakePlatformHealthBackend, search = '') =>
  renderPlatformHealth(<PlatformHealthPage />, {
    backend,
    path: `/platform/metrics${search}`,
    mountPath: '/platform/*',
  });

const queries = (backend: FakePlatformHealthBackend, path: string) =>
  backend.requestsTo('GET', path).map(r => r.query.toString());

const tile = (name: string) =>
  within(screen.getByRole('region', { name: 'Summary' })).getByRole('region', {
    name,
  });

const firstCells = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row =>
      within(row)
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    );

describe('the executive metrics page', () => {
  it('shows the summary of the last 7 days with its trends, and "—" for executions and tokens without billing', async () => {
    const backend = fakePlatformHealthBackend();
    backend.respond('GET /metrics/summary', ({ query }) =>
      json(
        metricsSummary(query.get('period')!, {
          total_executions: null,
          total_tokens: null,
        }),
      ),
    );
    await renderMetrics(backend);

    await screen.findByRole('region', { name: 'Requests' });
    expect(tile('Requests')).toHaveTextContent('250,000');
    expect(tile('Requests')).toHaveTextContent('+15% vs previous 7d');
    expect(tile('Error rate (5xx)')).toHaveTextContent('1.25%');
    expect(tile('Error rate (5xx)')).toHaveTextContent('-0.5% vs previous 7d');
    expect(tile('Success rate')).toHaveTextContent('98.75%');
    expect(tile('Avg latency')).toHaveTextContent('85 ms');
    expect(tile('Avg latency')).toHaveTextContent('+5% vs previous 7d');
    expect(tile('p95 latency')).toHaveTextContent('310 ms');
    expect(tile('Rate limited')).toHaveTextContent('17');
    for (const name of ['Executions', 'Tokens']) {
      expect(within(tile(name)).getByText('—')).toBeInTheDocument();
      expect(tile(name)).toHaveTextContent(
        'the billing plugin is not installed or did not answer',
      );
      expect(tile(name)).not.toHaveTextContent(/\d/);
    }
    expect(queries(backend, '/metrics/summary')).toEqual(['period=7d']);

    // The chart of the default metric, hour by hour over the 7 days.
    const chart = await findDrawnChart(document.body, 'Requests per hour');
    expect(chart).toHaveTextContent('Peak 168 · latest 168');
    expect(queries(backend, '/metrics/timeseries')).toEqual([
      'metric=requests&period=7d&interval=1h',
    ]);
  });

  it('asks again for the period, metric and interval chosen, starting from those in the URL', async () => {
    const backend = fakePlatformHealthBackend();
    await renderMetrics(backend, '?period=90d&metric=tokens');

    expect(
      await screen.findByRole('figure', { name: 'Tokens per day' }),
    ).toBeInTheDocument();
    expect(tile('Executions')).toHaveTextContent('175,000');
    expect(tile('Executions')).toHaveTextContent('+22% vs previous 90d');
    expect(tile('Tokens')).toHaveTextContent('5,250,000');
    expect(tile('Tokens')).toHaveTextContent('no data in the previous 90d');

    fireEvent.click(screen.getByRole('button', { name: '24h' }));
    await screen.findByText('+15% vs previous 24h');
    fireEvent.click(screen.getByRole('button', { name: 'Error rate (5xx)' }));
    await screen.findByRole('figure', { name: 'Error rate (5xx) per hour' });
    fireEvent.click(screen.getByRole('button', { name: '1d' }));
    await screen.findByRole('figure', { name: 'Error rate (5xx) per day' });
    expect(screen.getByRole('button', { name: '1d' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    expect(queries(backend, '/metrics/summary')).toEqual([
      'period=90d',
      'period=24h',
    ]);
    expect(queries(backend, '/metrics/timeseries')).toEqual([
      'metric=tokens&period=90d&interval=1d',
      'metric=tokens&period=24h&interval=1h',
      'metric=error_rate&period=24h&interval=1h',
      'metric=error_rate&period=24h&interval=1d',
    ]);
    expect(queries(backend, '/metrics/errors')).toEqual([
      'period=90d',
      'period=24h',
    ]);
  });

  it("shows billing's message in the chart's place when executions are unavailable", async () => {
    const backend = fakePlatformHealthBackend();
    backend.respond('GET /metrics/timeseries', ({ query }) =>
      query.get('metric') === 'executions'
        ? errorResponse(
            503,
            'ServiceUnavailableError',
            'The billing plugin did not answer',
          )
        : json(timeSeries('requests', '7d', '1h')),
    );
    await renderMetrics(backend, '?metric=executions');

    const over = await screen.findByRole('region', { name: 'Over time' });
    expect(await within(over).findByRole('alert')).toHaveTextContent(
      'Executions are not available right now: The billing plugin did not answer',
    );
    expect(within(over).queryByRole('figure')).not.toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Requests' }));
    await findDrawnChart(over, 'Requests per hour');
    expect(within(over).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('analyses the failed requests by type, app and plugin, linking each app', async () => {
    const backend = fakePlatformHealthBackend();
    await renderMetrics(backend);

    const errors = await screen.findByRole('region', {
      name: 'Error analytics',
    });
    const byType = await within(errors).findByRole('table', {
      name: 'Errors by type',
    });
    expect(within(errors).getByLabelText('Failed requests')).toHaveTextContent(
      '4,000 of 250,000',
    );
    expect(firstCells(byType)).toEqual([
      ['Client errors (4xx)', '3,000', '75%'],
      ['Server errors (5xx)', '900', '22.5%'],
      ['Rate limited (429)', '100', '2.5%'],
    ]);
    const byApp = within(errors).getByRole('table', { name: 'Errors by app' });
    expect(firstCells(byApp)).toEqual([
      ['billing-sync', '1,200'],
      ['crm-bridge', '40'],
    ]);
    expect(
      within(byApp).getByRole('link', { name: 'billing-sync' }),
    ).toHaveAttribute('href', '/apps?search=billing-sync');
    const byPlugin = within(errors).getByRole('table', {
      name: 'Errors by plugin',
    });
    expect(firstCells(byPlugin)).toEqual([
      ['flags', '2,500'],
      ['billing', '1,500'],
    ]);
    expect(
      screen.getByRole('link', { name: 'Platform dashboard' }),
    ).toHaveAttribute('href', '/platform');
  });
});

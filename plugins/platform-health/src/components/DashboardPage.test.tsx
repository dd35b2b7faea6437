import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { jsonResponse as json } from '@controlplane/frontend-common/testUtils';
import {
  errorResponse,
  fakePlatformHealthBackend,
  findDrawnChart,
  overview,
  renderPlatformHealth,
  timeSeries,
} from '../__testUtils__';
import { PlatformHealthPage } from './PlatformHealthPage';

jest.setTimeout(30_000);

const renderDashboard = (backend = fakePlatformHealthBackend()) =>
  renderPlatformHealth(<PlatformHealthPage />, {
    backend,
    path: '/platform',
    mountPath: '/platform/*',
  });

const region = (name: string) => screen.getByRole('region', { name });
const rowsOf = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row => within(row).getAllByRole('cell')[0].textContent);

describe('the platform dashboard', () => {
  it('shows the health tiles with their status and figures', async () => {
    const backend = fakePlatformHealthBackend();
    await renderDashboard(backend);

    const api = await screen.findByRole('region', { name: 'API' });
    expect(within(api).getByRole('status')).toHaveAccessibleName(
      'Status: Warn',
    );
    expect(within(api).getByLabelText('Error rate 1h')).toHaveTextContent(
      '1.25%',
    );
    expect(within(api).getByLabelText('Error rate 24h')).toHaveTextContent(
      '0.4%',
    );
    expect(within(api).getByLabelText('p95 latency 1h')).toHaveTextContent(
      '180 ms',
    );

    const db = region('Database');
    expect(within(db).getByRole('status')).toHaveAccessibleName('Status: OK');
    expect(within(db).getByLabelText('Connections')).toHaveTextContent(
      '12 of 100 (12%)',
    );
    expect(within(db).getByLabelText('Size')).toHaveTextContent('50 MB');

    const jobs = region('Scheduled jobs');
    expect(within(jobs).getByRole('status')).toHaveAccessibleName(
      'Status: Critical',
    );
    expect(within(jobs).getByLabelText('Failing')).toHaveTextContent('1');
    const failing = within(jobs).getByRole('list', { name: 'Failing jobs' });
    expect(failing).toHaveTextContent('billing: billing-rollup');
    expect(failing).toHaveTextContent('connection refused');
    expect(failing).not.toHaveTextContent('audit-retention');
    expect(backend.requestsTo('GET', '/overview')).toHaveLength(1);
  });

  it('shows the tenant cards, usage, revenue, security and incidents', async () => {
    await renderDashboard();
    await screen.findByRole('region', { name: 'API' });

    expect(
      within(region('Active tenants')).getByLabelText('Active 7d'),
    ).toHaveTextContent('31');
    expect(
      within(region('Tenants with drift')).getByLabelText('24h / 7d'),
    ).toHaveTextContent('2 / 5');
    expect(
      within(region('Usage')).getByLabelText('Executions 24h'),
    ).toHaveTextContent('12,500');
    expect(
      within(region('Usage')).getByLabelText('Rate limited 24h'),
    ).toHaveTextContent('17');
    const revenue = region('Revenue');
    expect(within(revenue).getByLabelText('MRR')).toHaveTextContent(
      '€12,450.00',
    );
    expect(
      within(revenue).getByRole('img', { name: 'Plan distribution' }),
    ).toBeInTheDocument();
    expect(revenue).toHaveTextContent('free 20 · pro 15 · enterprise 5');
    expect(
      within(region('Security')).getByLabelText('Impersonations active'),
    ).toHaveTextContent('1');
    expect(
      within(region('Incidents')).getByLabelText('SEV1'),
    ).toHaveTextContent('1');
  });

  it('leaves out the sections the overview leaves out, and names the unavailable plugins', async () => {
    const full = overview();
    const backend = fakePlatformHealthBackend({
      overview: {
        ...full,
        scope: 'tenants',
        unavailable: ['billing'],
        platform_health: { api: full.platform_health.api },
        revenue: undefined,
        incidents: undefined,
        security: {},
      },
    });
    await renderDashboard(backend);

    await screen.findByRole('region', { name: 'API' });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Not available right now: billing',
    );
    expect(screen.getByText(/Figures of your tenants/)).toBeInTheDocument();
    for (const name of ['Database', 'Scheduled jobs', 'Revenue', 'Incidents']) {
      expect(screen.queryByRole('region', { name })).not.toBeInTheDocument();
    }
    expect(
      within(region('Security')).queryByLabelText('Admin actions 24h'),
    ).not.toBeInTheDocument();
    expect(region('Usage')).toBeInTheDocument();
  });

  it('sorts an outlier table by its primary metric, and by another column on a click', async () => {
    await renderDashboard();
    const table = await screen.findByRole('table', {
      name: 'Top tenants by failure rate (24h)',
    });
    expect(rowsOf(table)).toEqual(['acme', 'globex', 'initech']);

    await userEvent.click(
      within(table).getByRole('button', { name: 'Failures' }),
    );
    expect(rowsOf(table)).toEqual(['globex', 'acme', 'initech']);
  });

  it('links every widget to its drill-down page, the charts of the last 24 hours to the executive metrics', async () => {
    const backend = fakePlatformHealthBackend();
    await renderDashboard(backend);
    const api = await screen.findByRole('region', { name: 'API' });
    expect(
      within(api).getByRole('link', { name: /System metrics/ }),
    ).toHaveAttribute('href', '/platform/system');

    const risk = screen.getByRole('table', { name: 'At-risk tenants' });
    expect(within(risk).getByRole('link', { name: 'acme' })).toHaveAttribute(
      'href',
      '/platform/tenants/acme',
    );
    expect(within(risk).getByText('failure rate, drift')).toBeInTheDocument();

    const exceptions = screen.getByRole('table', {
      name: 'Entitlement exceptions',
    });
    expect(
      within(exceptions).getByRole('link', { name: 'initech' }),
    ).toHaveAttribute('href', '/billing/tenants/initech');

    const activity = screen.getByRole('table', {
      name: 'Recent admin activity',
    });
    const [record, actor] = within(activity).getAllByRole('link');
    expect(record).toHaveAttribute(
      'href',
      '/audit?actor=user%3Adefault%2Fada&record=a1b2c3',
    );
    expect(actor).toHaveTextContent('Ada Admin');
    expect(actor).toHaveAttribute('href', '/catalog/default/user/ada');
    expect(activity).toHaveTextContent('tenants.tenant-suspend');

    const queue = screen.getByRole('table', { name: 'Incident queue' });
    expect(
      within(queue).getByRole('link', { name: 'Checkout fails' }),
    ).toHaveAttribute(
      'href',
      '/incidents/6f1c1a52-93a4-4c43-9d0e-0a4cf2a0c001',
    );

    const shortcuts = within(region('Shortcuts')).getByRole('navigation');
    expect(
      within(shortcuts)
        .getAllByRole('link')
        .map(link => [link.textContent, link.getAttribute('href')]),
    ).toEqual([
      ['Tenants', '/tenants'],
      ['Audit trail', '/audit'],
      ['Incidents', '/incidents'],
      ['Billing', '/billing'],
      ['System metrics', '/platform/system'],
      ['Executive metrics', '/platform/metrics'],
    ]);

    // The charts of the last 24 hours, hour by hour → the executive metrics
    // with the chart's metric.
    const health = region('Platform health');
    for (const [title, metric, peak] of [
      ['Requests per hour (24h)', 'requests', 'Peak 24'],
      ['5xx error rate (24h)', 'error_rate', 'Peak 2,400%'],
      ['p95 latency (24h)', 'p95_latency_ms', 'Peak 24 ms'],
    ]) {
      const widget = within(health).getByRole('region', { name: title });
      const chart = await findDrawnChart(widget, title);
      expect(chart).toHaveTextContent(peak);
      expect(
        within(widget).getByRole('link', { name: /Executive metrics/ }),
      ).toHaveAttribute(
        'href',
        `/platform/metrics?period=24h&metric=${metric}`,
      );
    }
    expect(
      backend
        .requestsTo('GET', '/metrics/timeseries')
        .map(r => r.query.toString())
        .sort(),
    ).toEqual([
      'metric=error_rate&period=24h&interval=1h',
      'metric=p95_latency_ms&period=24h&interval=1h',
      'metric=requests&period=24h&interval=1h',
    ]);
  });

  it('says so in place of a chart that fails, and shows the rest of the dashboard', async () => {
    const backend = fakePlatformHealthBackend();
    backend.respond('GET /metrics/timeseries', ({ query }) =>
      query.get('metric') === 'error_rate'
        ? errorResponse(500, 'Error', 'Database is locked')
        : json(timeSeries(query.get('metric') as 'requests')),
    );
    await renderDashboard(backend);

    const failed = await screen.findByRole('region', {
      name: '5xx error rate (24h)',
    });
    expect(await within(failed).findByRole('alert')).toHaveTextContent(
      'This chart is not available right now: Database is locked',
    );
    expect(within(failed).queryByRole('figure')).not.toBeInTheDocument();
    await findDrawnChart(
      region('Requests per hour (24h)'),
      'Requests per hour (24h)',
    );
    expect(
      within(region('API')).getByLabelText('Error rate 1h'),
    ).toHaveTextContent('1.25%');
    expect(
      within(region('Usage')).getByLabelText('Executions 24h'),
    ).toHaveTextContent('12,500');
    expect(
      screen.getByRole('table', { name: 'At-risk tenants' }),
    ).toBeInTheDocument();
  });

  it("shows the backend's error", async () => {
    const backend = fakePlatformHealthBackend();
    backend.respond('GET /overview', () =>
      errorResponse(403, 'NotAllowedError', 'Not allowed here'),
    );
    await renderDashboard(backend);
    expect(
      (await screen.findAllByText(/Not allowed here/))[0],
    ).toBeInTheDocument();
  });
});

import { act, waitFor, within } from '@testing-library/react';
import { pageAccessApiRef } from '@controlplane/frontend-common';
import {
  errorResponse,
  fakePageAccess,
  FakeRequest,
  jsonResponse as json,
  PermissionOptions,
  renderWithApis,
  routedBackend,
} from '@controlplane/frontend-common/testUtils';
import {
  ErrorAnalytics,
  MetricsSummary,
  MetricsTimeSeries,
  platformHealthPermissions,
  PlatformOverview,
  RequestMetricsGroup,
  RequestMetricsReport,
} from '@controlplane/plugin-platform-health-common';
import { PlatformHealthClient, platformHealthApiRef } from '../api';
import { rootRouteRef } from '../routes';

/** Every platform-health permission: what a platform admin holds. */
export const ALL_PERMISSIONS = platformHealthPermissions.map(p => p.name);

/** `n` hours before now, as the wire has it. */
export const hoursAgo = (n: number) =>
  new Date(Date.now() - n * 3_600_000).toISOString();

/** The overview a platform admin gets: every section present. */
export const overview = (
  extra: Partial<PlatformOverview> = {},
): PlatformOverview => ({
  generated_at: hoursAgo(0),
  sources_loaded_at: hoursAgo(0),
  cached: false,
  scope: 'platform',
  unavailable: [],
  platform_health: {
    api: {
      requests_1h: 1200,
      error_rate_1h: 0.0125,
      error_rate_24h: 0.004,
      p95_latency_ms_1h: 180,
      p95_latency_ms_24h: 150,
      status: 'warn',
    },
    db: {
      client: 'pg',
      connections_used: 12,
      connections_max: 100,
      connections_used_pct: 12,
      size_bytes: 52_428_800,
      status: 'ok',
    },
    jobs: [
      {
        plugin: 'billing',
        name: 'billing-rollup',
        status: 'fail',
        last_run_at: hoursAgo(1),
        next_run_at: hoursAgo(-1),
        last_error: 'connection refused',
      },
      {
        plugin: 'audit',
        name: 'audit-retention',
        status: 'ok',
        last_run_at: hoursAgo(2),
        next_run_at: hoursAgo(-22),
      },
    ],
  },
  tenants: {
    total: 42,
    by_status: { active: 40, suspended: 2 },
    active_7d: 31,
    active_30d: 38,
    at_risk: 3,
    with_drift_24h: 2,
    with_drift_7d: 5,
    with_credential_failures_24h: 1,
    with_credential_failures_7d: 4,
  },
  usage: {
    executions_24h: 12_500,
    executions_7d: 80_000,
    api_requests_24h: 250_000,
    app_requests_24h: 90_000,
    rate_limited_24h: 17,
    storage_db_bytes: 52_428_800,
  },
  revenue: {
    currency: 'EUR',
    mrr: 12_450,
    plan_distribution: { free: 20, pro: 15, enterprise: 5 },
    over_quota_tenants: 2,
    over_budget_tenants: 1,
    entitlement_exceptions: 2,
  },
  security: {
    impersonations_active: 1,
    impersonations_24h: 4,
    admin_actions_24h: 9,
  },
  incidents: { open: 2, by_severity: { SEV1: 1, SEV2: 1, SEV3: 0, SEV4: 0 } },
  top_lists: {
    at_risk_tenants: [
      { tenant: 'acme', reasons: ['failure-rate', 'drift'] },
      { tenant: 'globex', reasons: ['credential-failures'] },
    ],
    tenants_by_fail_rate_24h: [
      { tenant: 'acme', failures: 30, total: 120, failure_rate: 0.25 },
      { tenant: 'initech', failures: 1, total: 200, failure_rate: 0.005 },
      { tenant: 'globex', failures: 50, total: 1000, failure_rate: 0.05 },
    ],
    tenants_by_executions_24h: [
      { tenant: 'initech', executions_24h: 6000, executions_7d: 40_000 },
      { tenant: 'acme', executions_24h: 4000, executions_7d: 30_000 },
    ],
    tenants_with_drift_7d: [
      {
        tenant: 'acme',
        environments: 2,
        detections: 6,
        drifted_now: 1,
        last_detected_at: hoursAgo(5),
      },
    ],
    tenants_with_credential_issues_7d: [
      {
        tenant: 'globex',
        failing_credentials: 2,
        failures: 14,
        last_failure_at: hoursAgo(3),
      },
    ],
    entitlement_exceptions: [
      {
        tenant: 'initech',
        plan: 'pro',
        over_quota: ['executions'],
        over_budget: true,
      },
    ],
    recent_admin_activity: [
      {
        id: 'a1b2c3',
        timestamp: hoursAgo(1),
        actorId: 'user:default/ada',
        action: 'tenants.tenant-suspend',
        resourceType: 'tenant',
        resourceId: 'globex',
        tenant: 'globex',
        outcome: 'success',
      },
    ],
    open_incidents: [
      {
        id: '6f1c1a52-93a4-4c43-9d0e-0a4cf2a0c001',
        title: 'Checkout fails',
        severity: 'SEV1',
        priority: 'high',
        status: 'open',
        tenant: 'acme',
        openedAt: hoursAgo(2),
        updatedAt: hoursAgo(1),
      },
    ],
  },
  ...extra,
});

/** What a tenant-scoped caller gets for one tenant: no db, jobs or MRR. */
export const tenantOverview = (tenant: string): PlatformOverview => {
  const all = overview();
  const mine = <T extends { tenant: string | null }>(rows: T[]) =>
    rows.filter(row => row.tenant === tenant);
  return {
    ...all,
    scope: 'tenant',
    platform_health: { api: all.platform_health.api },
    revenue: { ...all.revenue!, mrr: undefined },
    top_lists: {
      at_risk_tenants: mine(all.top_lists.at_risk_tenants),
      tenants_by_fail_rate_24h: mine(all.top_lists.tenants_by_fail_rate_24h),
      tenants_by_executions_24h: mine(all.top_lists.tenants_by_executions_24h),
      tenants_with_drift_7d: mine(all.top_lists.tenants_with_drift_7d),
      tenants_with_credential_issues_7d: mine(
        all.top_lists.tenants_with_credential_issues_7d,
      ),
      entitlement_exceptions: mine(all.top_lists.entitlement_exceptions),
      recent_admin_activity: all.top_lists.recent_admin_activity.filter(
        a => a.tenant === tenant,
      ),
      open_incidents: mine(all.top_lists.open_incidents),
    },
  };
};

export const metricsGroup = (
  extra: Partial<RequestMetricsGroup> = {},
): RequestMetricsGroup => ({
  plugin: 'tenants',
  requests: 600,
  ratePerMinute: 10,
  errors: 6,
  errorRatio: 0.01,
  p50Ms: 20,
  p95Ms: 120,
  ...extra,
});

/** The executive summary of `period`, with billing's figures. */
export const metricsSummary = (
  period = '7d',
  extra: Partial<MetricsSummary['summary']> = {},
): MetricsSummary => ({
  period,
  summary: {
    total_requests: 250_000,
    error_rate: 0.0125,
    success_rate: 0.9875,
    avg_latency_ms: 85,
    p95_latency_ms: 310,
    rate_limited: 17,
    total_executions: 175_000,
    total_tokens: 5_250_000,
    ...extra,
  },
  trends: {
    requests: '+15%',
    error_rate: '-0.5%',
    latency: '+5%',
    executions: '+22%',
    tokens: 'n/a',
  },
});

const PERIOD_HOURS: Record<string, number> = {
  '24h': 24,
  '7d': 168,
  '30d': 720,
  '90d': 2160,
};

/**
 * A time series as the backend answers it: every interval of the period,
 * oldest first, the values rising 1, 2, 3, ... (times `scale`).
 */
export function timeSeries(
  metric: MetricsTimeSeries['metric'],
  period = '24h',
  interval = '1h',
  scale = 1,
): MetricsTimeSeries {
  const step = interval === '1d' ? 24 : 1;
  const points = Math.ceil(PERIOD_HOURS[period] / step);
  const start = Date.parse('2026-12-01T00:00:00Z');
  return {
    metric,
    period,
    interval,
    data: Array.from({ length: points }, (_, i) => ({
      timestamp: new Date(start + i * step * 3_600_000).toISOString(),
      value: (i + 1) * scale,
    })),
  };
}

/** The failed requests of `period`. */
export const errorAnalytics = (period = '7d'): ErrorAnalytics => ({
  period,
  total_requests: 250_000,
  total_errors: 4_000,
  error_rate: 0.016,
  by_type: [
    { type: 'client_error', count: 3_000, percentage: 75 },
    { type: 'server_error', count: 900, percentage: 22.5 },
    { type: 'rate_limit', count: 100, percentage: 2.5 },
  ],
  by_app: [
    { app: 'billing-sync', errors: 1_200 },
    { app: 'crm-bridge', errors: 40 },
  ],
  by_plugin: [
    { plugin: 'flags', errors: 2_500 },
    { plugin: 'billing', errors: 1_500 },
  ],
});

const notFound = () => errorResponse(404, 'NotFoundError', 'not found');

/**
 * The platform-health backend, through the real PlatformHealthClient:
 * `overview` for the platform, `tenants` for the tenants in reach (any
 * other is a 404), `groups` as every request metrics answer; the executive
 * metrics answer what they are asked for (the period, metric and interval
 * of the query) with the figures above;
 * `respond` answers a `"METHOD /path"` differently, `requests` are what
 * the UI sent.
 */
export function fakePlatformHealthBackend(
  data: {
    overview?: PlatformOverview;
    tenants?: Record<string, PlatformOverview>;
    groups?: (request: FakeRequest) => RequestMetricsGroup[];
  } = {},
) {
  const route = (request: FakeRequest) => {
    const { method, path, query } = request;
    if (method === 'GET' && path === '/overview') {
      const tenant = query.get('tenant');
      if (!tenant) return json(data.overview ?? overview());
      const found = data.tenants?.[tenant];
      return found ? json(found) : notFound();
    }
    if (method === 'GET' && path === '/metrics/requests') {
      const groups = data.groups?.(request) ?? [metricsGroup()];
      const report: RequestMetricsReport = {
        window: (query.get('window') as '1h' | '24h') ?? '1h',
        from: hoursAgo(1),
        to: hoursAgo(0),
        groups,
        totals: metricsGroup({
          plugin: '',
          requests: groups.reduce((sum, g) => sum + g.requests, 0),
        }),
      };
      return json(report);
    }
    const period = query.get('period') ?? '7d';
    if (method === 'GET' && path === '/metrics/summary') {
      return json(metricsSummary(period));
    }
    if (method === 'GET' && path === '/metrics/timeseries') {
      const metric = query.get('metric') as MetricsTimeSeries['metric'];
      return json(timeSeries(metric, period, query.get('interval') ?? '1h'));
    }
    if (method === 'GET' && path === '/metrics/errors') {
      return json(errorAnalytics(period));
    }
    return notFound();
  };
  const backend = routedBackend('platform-health', route);
  return { ...backend, api: new PlatformHealthClient(backend) };
}

export type FakePlatformHealthBackend = ReturnType<
  typeof fakePlatformHealthBackend
>;

/**
 * Renders with the real client on `backend`, the plugin's route mounted at
 * `/platform`, `held` as the permissions the user holds somewhere (default:
 * all) and `permissions` as the decisions on single tenants.
 */
export async function renderPlatformHealth(
  element: JSX.Element,
  options: {
    backend: FakePlatformHealthBackend;
    held?: string[];
    permissions?: PermissionOptions;
    path?: string;
    mountPath?: string;
  },
) {
  const access = fakePageAccess(options.held ?? ALL_PERMISSIONS);
  await renderWithApis(element, {
    ...options.permissions,
    apis: [
      [platformHealthApiRef, options.backend.api],
      [pageAccessApiRef, access.api],
    ],
    initialRouteEntries: options.path ? [options.path] : undefined,
    mountPath: options.mountPath,
    mountedRoutes: { '/platform': rootRouteRef },
  });
  return { access };
}

/**
 * Renders a home card's widget as the home page does (see
 * renderPlatformHealth): the widget loads its content lazily, so the render
 * waits for it, inside act.
 */
export async function renderPlatformHealthWidget(
  widget: JSX.Element,
  options: Parameters<typeof renderPlatformHealth>[1],
) {
  let rendered: Awaited<ReturnType<typeof renderPlatformHealth>> | undefined;
  await act(async () => {
    rendered = await renderPlatformHealth(widget, options);
    await new Promise(resolve => setTimeout(resolve));
  });
  return rendered!;
}

/**
 * The chart named `name` in `container` once it has drawn its curve:
 * recharts draws after measuring its container, in an effect that may run
 * a moment after the figure appears.
 */
export async function findDrawnChart(container: HTMLElement, name: string) {
  const chart = await within(container).findByRole('figure', { name });
  await waitFor(() =>
    expect(chart.querySelector('.recharts-area-curve')).not.toBeNull(),
  );
  return chart;
}

export { errorResponse };

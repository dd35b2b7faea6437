import { buildOverview, OverviewScope } from './buildOverview';
import { SourceBundle } from './sources';

const NOW = new Date('2026-12-05T12:00:00.000Z');
const hoursAgo = (hours: number) =>
  new Date(NOW.getTime() - hours * 3_600_000).toISOString();

function bundle(): SourceBundle {
  return {
    loadedAt: NOW.toISOString(),
    unavailable: [],
    tasks: [
      {
        plugin: 'audit',
        taskId: 'audit-chain-verification',
        status: 'idle',
        lastRunEndedAt: hoursAgo(1),
        lastRunError: null,
        startsAt: hoursAgo(-5),
      },
      {
        plugin: 'billing',
        taskId: 'billing-close-periods',
        status: 'idle',
        lastRunEndedAt: hoursAgo(2),
        lastRunError: 'Error: connection refused',
        startsAt: null,
      },
    ],
    summaries: {
      tenants: {
        tenants: [
          {
            tenant: 'acme',
            displayName: 'Acme',
            plan: 'professional',
            status: 'active',
            lastSessionAt: hoursAgo(2),
            sessions7d: 4,
            sessions30d: 9,
          },
          {
            tenant: 'globex',
            displayName: 'Globex',
            plan: 'starter',
            status: 'active',
            lastSessionAt: hoursAgo(24 * 20),
            sessions7d: 0,
            sessions30d: 1,
          },
          {
            tenant: 'initech',
            displayName: 'Initech',
            plan: 'free',
            status: 'suspended',
            lastSessionAt: null,
            sessions7d: 0,
            sessions30d: 0,
          },
        ],
        impersonations: { active: 1, last24h: 3 },
      },
      apps: {
        tenants: [
          {
            tenant: 'acme',
            requests24h: 1000,
            failed24h: 20,
            rateLimited24h: 5,
            credentialFailures7d: 4,
            failingCredentials7d: 1,
            lastFailureAt: hoursAgo(1),
          },
          {
            tenant: 'globex',
            requests24h: 100,
            failed24h: 30,
            rateLimited24h: 0,
            credentialFailures7d: 30,
            failingCredentials7d: 2,
            lastFailureAt: hoursAgo(3),
          },
        ],
      },
      billing: {
        currency: 'USD',
        mrr: 128,
        planDistribution: [],
        tenants: [
          {
            tenant: 'acme',
            plan: 'professional',
            executions24h: 500,
            executions7d: 3000,
            lastUsageAt: hoursAgo(1),
            overQuota: [],
            overBudget: true,
          },
          {
            tenant: 'globex',
            plan: 'starter',
            executions24h: 0,
            executions7d: 10,
            lastUsageAt: hoursAgo(24 * 5),
            overQuota: ['tokens'],
            overBudget: false,
          },
        ],
      },
      audit: {
        adminActions24h: 7,
        adminActionsByTenant24h: [
          { tenant: 'acme', count: 2 },
          { tenant: 'globex', count: 4 },
        ],
        recentAdminActivity: [
          {
            id: 'r2',
            timestamp: hoursAgo(1),
            actorId: 'user:default/ada',
            action: 'tenants.suspend',
            tenant: 'globex',
            outcome: 'success',
          },
          {
            id: 'r1',
            timestamp: hoursAgo(2),
            actorId: 'user:default/ada',
            action: 'rbac.role-grant',
            outcome: 'success',
          },
        ],
      },
      incidents: {
        open: 3,
        bySeverity: { SEV1: 1, SEV2: 0, SEV3: 2, SEV4: 0 },
        byTenant: [
          { tenant: 'acme', open: 1, bySeverity: { SEV3: 1 } },
          { tenant: null, open: 2, bySeverity: { SEV1: 1, SEV3: 1 } },
        ],
        queue: [
          {
            id: 'i1',
            title: 'Audit trail broken',
            severity: 'SEV1',
            priority: 'critical',
            status: 'open',
            tenant: null,
            openedAt: hoursAgo(5),
            updatedAt: hoursAgo(5),
          },
          {
            id: 'i2',
            title: 'Acme budget',
            severity: 'SEV3',
            priority: 'high',
            status: 'open',
            tenant: 'acme',
            openedAt: hoursAgo(4),
            updatedAt: hoursAgo(4),
          },
        ],
      },
      promotions: {
        tenants: [
          {
            tenant: 'acme',
            drifted: 1,
            silent: 0,
            detections24h: 1,
            detections7d: 3,
            environments7d: 2,
            lastDetectedAt: hoursAgo(6),
          },
          {
            tenant: 'globex',
            drifted: 0,
            silent: 0,
            detections24h: 0,
            detections7d: 0,
            environments7d: 0,
            lastDetectedAt: null,
          },
        ],
      },
    },
  };
}

const api = {
  requests1h: 600,
  requests24h: 10_000,
  errorRate1h: 0.02,
  errorRate24h: 0.001,
  p95LatencyMs1h: 40,
  p95LatencyMs24h: 35,
};

const build = (scope: OverviewScope, source = bundle()) =>
  buildOverview({
    bundle: source,
    scope,
    api,
    database: {
      client: 'pg',
      connectionsUsed: 95,
      connectionsMax: 100,
      sizeBytes: 1e9,
    },
    now: NOW,
    cached: false,
  });

describe('the platform overview', () => {
  it("has seed 002's sections with the platform's figures", () => {
    const overview = build({ platform: true });
    expect(overview.platform_health).toEqual({
      api: {
        requests_1h: 600,
        error_rate_1h: 0.02,
        error_rate_24h: 0.001,
        p95_latency_ms_1h: 40,
        p95_latency_ms_24h: 35,
        status: 'warn',
      },
      db: {
        client: 'pg',
        connections_used: 95,
        connections_max: 100,
        connections_used_pct: 0.95,
        size_bytes: 1e9,
        status: 'critical',
      },
      jobs: [
        expect.objectContaining({
          plugin: 'audit',
          name: 'audit-chain-verification',
          status: 'ok',
        }),
        expect.objectContaining({
          plugin: 'billing',
          status: 'fail',
          last_error: 'Error: connection refused',
        }),
      ],
    });
    expect(overview.tenants).toEqual({
      total: 3,
      by_status: { active: 2, suspended: 1 },
      // acme (session and usage); globex used billing 5 days ago.
      active_7d: 2,
      active_30d: 2,
      at_risk: 2,
      with_drift_24h: 1,
      with_drift_7d: 1,
      with_credential_failures_24h: 2,
      with_credential_failures_7d: 2,
    });
    expect(overview.top_lists.at_risk_tenants).toEqual([
      // 20 failures of 1,000 calls is 2 %: only its drift counts.
      { tenant: 'acme', reasons: ['drift'] },
      { tenant: 'globex', reasons: ['failure-rate', 'credential-failures'] },
    ]);
    expect(overview.usage).toEqual({
      executions_24h: 500,
      executions_7d: 3010,
      api_requests_24h: 10_000,
      app_requests_24h: 1100,
      rate_limited_24h: 5,
      storage_db_bytes: 1e9,
    });
    expect(overview.revenue).toEqual({
      currency: 'USD',
      mrr: 128,
      plan_distribution: { professional: 1, starter: 1 },
      over_quota_tenants: 1,
      over_budget_tenants: 1,
      entitlement_exceptions: 2,
    });
    expect(overview.security).toEqual({
      impersonations_active: 1,
      impersonations_24h: 3,
      admin_actions_24h: 7,
    });
    expect(overview.incidents).toEqual({
      open: 3,
      by_severity: { SEV1: 1, SEV2: 0, SEV3: 2, SEV4: 0 },
    });
    expect(overview.top_lists.tenants_by_fail_rate_24h[0]).toEqual({
      tenant: 'globex',
      failures: 30,
      total: 100,
      failure_rate: 0.3,
    });
    expect(
      overview.top_lists.open_incidents.map(incident => incident.id),
    ).toEqual(['i1', 'i2']);
  });

  it("shows a tenant-scoped caller their tenants' figures only, without the platform-wide ones", () => {
    const overview = build({
      platform: false,
      includes: tenant => tenant === 'acme',
    });
    expect(overview.scope).toBe('tenants');
    expect(overview.platform_health.db).toBeUndefined();
    expect(overview.platform_health.jobs).toBeUndefined();
    expect(overview.revenue?.mrr).toBeUndefined();
    expect(overview.usage.storage_db_bytes).toBeUndefined();
    expect(overview.security).toEqual({ admin_actions_24h: 2 });
    expect(overview.tenants.total).toBe(1);
    expect(overview.incidents).toEqual({ open: 1, by_severity: { SEV3: 1 } });
    const json = JSON.stringify(overview);
    for (const other of ['globex', 'initech', 'Audit trail broken', 'r1']) {
      expect(json).not.toContain(other);
    }
  });

  it('leaves out the sections of plugins that are not installed', () => {
    const source = bundle();
    delete source.summaries.billing;
    delete source.summaries.incidents;
    source.unavailable = [{ plugin: 'audit', reason: 'timeout' }];
    delete source.summaries.audit;
    const overview = build({ platform: true }, source);
    expect(overview.revenue).toBeUndefined();
    expect(overview.incidents).toBeUndefined();
    expect(overview.security.admin_actions_24h).toBeUndefined();
    expect(overview.unavailable).toEqual(['audit']);
    expect(overview.usage.executions_24h).toBe(0);
  });
});

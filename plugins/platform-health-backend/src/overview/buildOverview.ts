import { PlatformOverview } from '@controlplane/plugin-platform-health-common';
import { RiskReason, riskReasons } from './atRisk';
import { ScheduledTaskState, SourceBundle } from './sources';

/** The request figures of the window, from the stored request metrics. */
export interface ApiFigures {
  requests1h: number;
  errorRate1h: number;
  errorRate24h: number;
  requests24h: number;
  p95LatencyMs1h: number;
  p95LatencyMs24h: number;
}

/** The database server's figures, where they can be measured. */
export interface DatabaseFigures {
  client: 'pg' | 'sqlite';
  connectionsUsed?: number;
  connectionsMax?: number;
  sizeBytes: number;
}

/** Whose figures the overview shows. */
export type OverviewScope =
  | { platform: true }
  | {
      platform: false;
      /** One tenant asked for by name (its health page). */
      single?: boolean;
      includes: (tenant: string) => boolean;
    };

type Status = PlatformOverview['platform_health']['api']['status'];

const DAY_MS = 86_400_000;
const TOP = 10;

function ratioStatus(ratio: number, warn: number, critical: number): Status {
  if (ratio >= critical) return 'critical';
  return ratio >= warn ? 'warn' : 'ok';
}

const round = (value: number, digits = 4) =>
  Math.round(value * 10 ** digits) / 10 ** digits;

const within = (iso: string | null | undefined, ms: number, now: Date) =>
  !!iso && now.getTime() - Date.parse(iso) <= ms;

function scopeName(scope: OverviewScope): PlatformOverview['scope'] {
  if (scope.platform) return 'platform';
  return scope.single ? 'tenant' : 'tenants';
}

function jobStatus(
  task: ScheduledTaskState,
): 'ok' | 'fail' | 'running' | 'never' {
  if (task.status === 'running') return 'running';
  if (task.lastRunError) return 'fail';
  return task.lastRunEndedAt ? 'ok' : 'never';
}

/**
 * Seed 002's overview from the plugins' summaries, the request metrics and
 * the database figures: a pure function, so a tenant-scoped caller gets the
 * same computation over their tenants only. Platform-wide figures (jobs,
 * database, revenue, impersonations) are left out of a scoped view.
 */
export function buildOverview(input: {
  bundle: SourceBundle;
  scope: OverviewScope;
  api: ApiFigures;
  database?: DatabaseFigures;
  now: Date;
  cached: boolean;
}): PlatformOverview {
  const { bundle, scope, api, database, now } = input;
  const { summaries } = bundle;
  const inScope = (tenant: string | null | undefined) =>
    scope.platform || (!!tenant && scope.includes(tenant));

  const tenantRows = (summaries.tenants?.tenants ?? []).filter(t =>
    inScope(t.tenant),
  );
  const apps = new Map(
    (summaries.apps?.tenants ?? [])
      .filter(t => inScope(t.tenant))
      .map(t => [t.tenant, t]),
  );
  const billing = new Map(
    (summaries.billing?.tenants ?? [])
      .filter(t => inScope(t.tenant))
      .map(t => [t.tenant, t]),
  );
  const drift = new Map(
    (summaries.promotions?.tenants ?? [])
      .filter(t => inScope(t.tenant))
      .map(t => [t.tenant, t]),
  );
  const names = new Set([
    ...tenantRows.map(t => t.tenant),
    ...apps.keys(),
    ...billing.keys(),
    ...drift.keys(),
  ]);

  const active = (tenant: string, ms: number) => {
    const facts = tenantRows.find(t => t.tenant === tenant);
    return (
      within(facts?.lastSessionAt, ms, now) ||
      within(billing.get(tenant)?.lastUsageAt, ms, now)
    );
  };
  const risks = [...names]
    .map(tenant => {
      const calls = apps.get(tenant);
      const reasons: RiskReason[] = riskReasons({
        failures24h: calls?.failed24h ?? 0,
        requests24h: calls?.requests24h ?? 0,
        driftDetections7d: drift.get(tenant)?.detections7d ?? 0,
        credentialFailures7d: calls?.credentialFailures7d ?? 0,
      });
      return { tenant, reasons };
    })
    .filter(risk => risk.reasons.length > 0)
    .sort((a, b) => a.tenant.localeCompare(b.tenant));

  const appRows = [...apps.values()];
  const billingRows = [...billing.values()];
  const driftRows = [...drift.values()];
  const sum = <T>(rows: T[], field: (row: T) => number) =>
    rows.reduce((total, row) => total + field(row), 0);
  const incidentsByTenant = (summaries.incidents?.byTenant ?? []).filter(t =>
    inScope(t.tenant),
  );
  const openIncidents = scope.platform
    ? summaries.incidents?.open ?? 0
    : sum(incidentsByTenant, t => t.open);
  const exceptions = billingRows
    .filter(t => t.overQuota.length > 0 || t.overBudget)
    .map(t => ({
      tenant: t.tenant,
      plan: t.plan,
      over_quota: t.overQuota,
      over_budget: t.overBudget,
    }));

  return {
    generated_at: now.toISOString(),
    sources_loaded_at: bundle.loadedAt,
    cached: input.cached,
    scope: scopeName(scope),
    unavailable: bundle.unavailable.map(u => u.plugin),
    platform_health: {
      api: {
        requests_1h: api.requests1h,
        error_rate_1h: api.errorRate1h,
        error_rate_24h: api.errorRate24h,
        p95_latency_ms_1h: api.p95LatencyMs1h,
        p95_latency_ms_24h: api.p95LatencyMs24h,
        status: ratioStatus(api.errorRate1h, 0.01, 0.05),
      },
      ...(scope.platform && database
        ? {
            db: {
              client: database.client,
              ...(database.connectionsMax
                ? {
                    connections_used: database.connectionsUsed ?? 0,
                    connections_max: database.connectionsMax,
                    connections_used_pct: round(
                      (database.connectionsUsed ?? 0) / database.connectionsMax,
                    ),
                  }
                : {}),
              size_bytes: database.sizeBytes,
              status: database.connectionsMax
                ? ratioStatus(
                    (database.connectionsUsed ?? 0) / database.connectionsMax,
                    0.7,
                    0.9,
                  )
                : 'ok',
            },
          }
        : {}),
      ...(scope.platform
        ? {
            jobs: bundle.tasks.map(task => ({
              plugin: task.plugin,
              name: task.taskId,
              status: jobStatus(task),
              last_run_at: task.lastRunEndedAt,
              next_run_at: task.startsAt,
              ...(task.lastRunError ? { last_error: task.lastRunError } : {}),
            })),
          }
        : {}),
    },
    tenants: {
      total: tenantRows.length,
      by_status: tenantRows.reduce<Record<string, number>>((acc, t) => {
        acc[t.status] = (acc[t.status] ?? 0) + 1;
        return acc;
      }, {}),
      active_7d: [...names].filter(t => active(t, 7 * DAY_MS)).length,
      active_30d: [...names].filter(t => active(t, 30 * DAY_MS)).length,
      at_risk: risks.length,
      with_drift_24h: driftRows.filter(t => t.detections24h > 0).length,
      with_drift_7d: driftRows.filter(t => t.detections7d > 0).length,
      with_credential_failures_24h: appRows.filter(t => t.failed24h > 0).length,
      with_credential_failures_7d: appRows.filter(
        t => t.credentialFailures7d > 0,
      ).length,
    },
    usage: {
      executions_24h: sum(billingRows, t => t.executions24h),
      executions_7d: sum(billingRows, t => t.executions7d),
      api_requests_24h: api.requests24h,
      app_requests_24h: sum(appRows, t => t.requests24h),
      rate_limited_24h: sum(appRows, t => t.rateLimited24h),
      ...(scope.platform && database
        ? { storage_db_bytes: database.sizeBytes }
        : {}),
    },
    ...(summaries.billing
      ? {
          revenue: {
            currency: summaries.billing.currency,
            ...(scope.platform ? { mrr: summaries.billing.mrr } : {}),
            plan_distribution: billingRows.reduce<Record<string, number>>(
              (acc, t) => {
                acc[t.plan] = (acc[t.plan] ?? 0) + 1;
                return acc;
              },
              {},
            ),
            over_quota_tenants: billingRows.filter(t => t.overQuota.length)
              .length,
            over_budget_tenants: billingRows.filter(t => t.overBudget).length,
            entitlement_exceptions: exceptions.length,
          },
        }
      : {}),
    security: {
      ...(scope.platform && summaries.tenants
        ? {
            impersonations_active: summaries.tenants.impersonations.active,
            impersonations_24h: summaries.tenants.impersonations.last24h,
          }
        : {}),
      ...(summaries.audit
        ? {
            admin_actions_24h: scope.platform
              ? summaries.audit.adminActions24h
              : sum(
                  summaries.audit.adminActionsByTenant24h.filter(t =>
                    inScope(t.tenant),
                  ),
                  t => t.count,
                ),
          }
        : {}),
    },
    ...(summaries.incidents
      ? {
          incidents: {
            open: openIncidents,
            by_severity: scope.platform
              ? summaries.incidents.bySeverity
              : incidentsByTenant.reduce<Record<string, number>>((acc, t) => {
                  for (const [severity, count] of Object.entries(
                    t.bySeverity,
                  )) {
                    acc[severity] = (acc[severity] ?? 0) + count;
                  }
                  return acc;
                }, {}),
          },
        }
      : {}),
    top_lists: {
      at_risk_tenants: risks.slice(0, TOP),
      tenants_by_fail_rate_24h: appRows
        .filter(t => t.failed24h > 0)
        .map(t => ({
          tenant: t.tenant,
          failures: t.failed24h,
          total: t.requests24h,
          failure_rate: t.requests24h ? round(t.failed24h / t.requests24h) : 0,
        }))
        .sort(
          (a, b) =>
            b.failure_rate - a.failure_rate ||
            b.failures - a.failures ||
            a.tenant.localeCompare(b.tenant),
        )
        .slice(0, TOP),
      tenants_by_executions_24h: billingRows
        .filter(t => t.executions24h > 0 || t.executions7d > 0)
        .map(t => ({
          tenant: t.tenant,
          executions_24h: t.executions24h,
          executions_7d: t.executions7d,
        }))
        .sort(
          (a, b) =>
            b.executions_24h - a.executions_24h ||
            b.executions_7d - a.executions_7d ||
            a.tenant.localeCompare(b.tenant),
        )
        .slice(0, TOP),
      tenants_with_drift_7d: driftRows
        .filter(t => t.detections7d > 0 || t.drifted + t.silent > 0)
        .map(t => ({
          tenant: t.tenant,
          environments: t.environments7d,
          detections: t.detections7d,
          drifted_now: t.drifted + t.silent,
          last_detected_at: t.lastDetectedAt,
        }))
        .sort(
          (a, b) =>
            b.detections - a.detections ||
            b.drifted_now - a.drifted_now ||
            a.tenant.localeCompare(b.tenant),
        )
        .slice(0, TOP),
      tenants_with_credential_issues_7d: appRows
        .filter(t => t.credentialFailures7d > 0)
        .map(t => ({
          tenant: t.tenant,
          failing_credentials: t.failingCredentials7d,
          failures: t.credentialFailures7d,
          last_failure_at: t.lastFailureAt,
        }))
        .sort(
          (a, b) => b.failures - a.failures || a.tenant.localeCompare(b.tenant),
        )
        .slice(0, TOP),
      entitlement_exceptions: exceptions.slice(0, TOP),
      recent_admin_activity: (summaries.audit?.recentAdminActivity ?? [])
        .filter(record => scope.platform || inScope(record.tenant))
        .slice(0, 20),
      open_incidents: (summaries.incidents?.queue ?? [])
        .filter(incident => inScope(incident.tenant))
        .slice(0, TOP),
    },
  };
}

import { useRouteRef } from '@backstage/frontend-plugin-api';
import { MetricsPeriod, SeriesMetric } from '../api';
import { rootRouteRef } from '../routes';

/** The path of the platform dashboard, `/platform` unless mounted elsewhere. */
export function usePlatformRoot(): string {
  return useRouteRef(rootRouteRef)?.() ?? '/platform';
}

const part = encodeURIComponent;

/** The request metrics page (the API tile's drill-down). */
export const systemPath = (root: string) => `${root}/system`;

/**
 * The executive metrics page, with the period and the metric of its chart
 * chosen (the page keeps both in its query string).
 */
export function metricsPath(
  root: string,
  choice: { period?: MetricsPeriod; metric?: SeriesMetric } = {},
) {
  const query = new URLSearchParams();
  if (choice.period) query.set('period', choice.period);
  if (choice.metric) query.set('metric', choice.metric);
  const search = query.toString();
  return `${root}/metrics${search ? `?${search}` : ''}`;
}

/** One tenant's health page. */
export const tenantHealthPath = (root: string, tenant: string) =>
  `${root}/tenants/${part(tenant)}`;

/**
 * The pages of the other plugins the dashboard links to, at their default
 * paths (the app mounts each plugin's page at its own path).
 */
export const PAGES = {
  tenants: '/tenants',
  audit: '/audit',
  incidents: '/incidents',
  billing: '/billing',
  apps: '/apps',
};

/** The tenant's page in the tenants plugin. */
export const tenantPagePath = (tenant: string) =>
  `${PAGES.tenants}/${part(tenant)}`;

/** One incident's page. */
export const incidentPath = (id: string) => `${PAGES.incidents}/${part(id)}`;

/** One tenant's billing (its usage, quotas and budget). */
export const billingTenantPath = (tenant: string) =>
  `${PAGES.billing}/tenants/${part(tenant)}`;

/**
 * The audit trail filtered to the record's actor, with the record open (the
 * audit page keeps its filters and the open record in the URL).
 */
export function auditRecordPath(record: { id: string; actorId?: string }) {
  const query = new URLSearchParams();
  if (record.actorId) query.set('actor', record.actorId);
  query.set('record', record.id);
  return `${PAGES.audit}?${query}`;
}

/**
 * A managed app, by its name (the request metrics know apps by name; the
 * apps plugin's own page is keyed by the app's id, so this is its list
 * searched for the name, which the list keeps in its query string).
 */
export const appPath = (app: string) =>
  `${PAGES.apps}?${new URLSearchParams({ search: app })}`;

/** The incidents queue filtered to one tenant. */
export const incidentsTenantPath = (tenant: string) =>
  `${PAGES.incidents}?${new URLSearchParams({ tenant })}`;

/** The audit trail filtered to one tenant. */
export const auditTenantPath = (tenant: string) =>
  `${PAGES.audit}?${new URLSearchParams({ tenant })}`;

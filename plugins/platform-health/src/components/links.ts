import { useRouteRef } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';

/** The path of the platform dashboard, `/platform` unless mounted elsewhere. */
export function usePlatformRoot(): string {
  return useRouteRef(rootRouteRef)?.() ?? '/platform';
}

const part = encodeURIComponent;

/** The request metrics page (the API tile's drill-down). */
export const systemPath = (root: string) => `${root}/system`;

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

/** The incidents queue filtered to one tenant. */
export const incidentsTenantPath = (tenant: string) =>
  `${PAGES.incidents}?${new URLSearchParams({ tenant })}`;

/** The audit trail filtered to one tenant. */
export const auditTenantPath = (tenant: string) =>
  `${PAGES.audit}?${new URLSearchParams({ tenant })}`;

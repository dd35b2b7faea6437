import { useRouteRef } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';

/** The path of the tenants page, `/tenants` unless mounted elsewhere. */
export function useTenantsRoot(): string {
  return useRouteRef(rootRouteRef)?.() ?? '/tenants';
}

export const tenantPath = (root: string, tenant: string) =>
  `${root}/${encodeURIComponent(tenant)}`;

/** The tenant's health page of the platform dashboard (platform-health plugin). */
export const tenantHealthPath = (tenant: string) =>
  `/platform/tenants/${encodeURIComponent(tenant)}`;

/** One tab of a tenant's page, e.g. its users (see TenantDetailPage's TABS). */
export const tenantTabPath = (root: string, tenant: string, tab: string) =>
  `${tenantPath(root, tenant)}?tab=${encodeURIComponent(tab)}`;

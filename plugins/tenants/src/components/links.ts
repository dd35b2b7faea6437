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

import { useRouteRef } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';

/** The path of the tenants page, `/tenants` unless mounted elsewhere. */
export function useTenantsRoot(): string {
  return useRouteRef(rootRouteRef)?.() ?? '/tenants';
}

export const tenantPath = (root: string, tenant: string) =>
  `${root}/${encodeURIComponent(tenant)}`;

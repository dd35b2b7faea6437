import { useRouteRef } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';

/** The path of the billing page, `/billing` unless mounted elsewhere. */
export function useBillingRoot(): string {
  return useRouteRef(rootRouteRef)?.() ?? '/billing';
}

/** The billing view of one tenant. */
export const tenantPath = (root: string, tenant: string) =>
  `${root}/tenants/${encodeURIComponent(tenant)}`;

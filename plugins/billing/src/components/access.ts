import { usePermission } from '@backstage/plugin-permission-react';
import {
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * Whether the user may make this billing change: for the per-tenant
 * permissions (billing.quota.update, billing.budget.update) on `tenant`
 * itself, asked with the tenant as resourceRef, so an operator scoped to
 * acme is offered changes on acme only; for the basic one
 * (billing.adjustment.create) at all. False until the answer arrives; the
 * backend stays the guard.
 */
export function useMayChange(
  permission: BasicPermission | ResourcePermission,
  tenant: string,
): boolean {
  return usePermission(
    permission.type === 'resource'
      ? { permission, resourceRef: tenant }
      : { permission },
  ).allowed;
}

import {
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import { ScopedDecision } from './evaluate';
import {
  NOT_REQUESTER_RULE,
  requiresSeparationOfDuties,
  TENANT_RULE,
} from './scoping';

/**
 * The conditions under which a resource permission is allowed, for an allowed
 * or tenant-scoped decision: the tenant rule when the grant is tenant-scoped,
 * the not-requester rule for approve/reject. Undefined when unconditional.
 * The policy returns them; `explain` applies them to one resource.
 */
export function resourceConditions(
  decision: Exclude<ScopedDecision, { result: 'DENY' }>,
  permission: { name: string; resourceType: string },
  userEntityRef: string,
): PermissionCriteria<PermissionCondition> | undefined {
  const conditions: PermissionCondition[] = [];
  if (decision.result === 'TENANTS') {
    conditions.push({
      rule: TENANT_RULE,
      resourceType: permission.resourceType,
      params: { tenants: decision.tenants },
    });
  }
  if (requiresSeparationOfDuties(permission.name)) {
    conditions.push({
      rule: NOT_REQUESTER_RULE,
      resourceType: permission.resourceType,
      params: { userRef: userEntityRef },
    });
  }
  const [first, ...more] = conditions;
  if (!first) return undefined;
  return more.length === 0 ? first : { allOf: [first, ...more] };
}

import {
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import { ownerRefsOf, PolicySubject, ScopedDecision } from './evaluate';
import { GrantScope } from './generated';
import {
  NOT_REQUESTER_RULE,
  OWNER_RULE,
  requiresSeparationOfDuties,
  TENANT_RULE,
} from './scoping';

type Criteria = PermissionCriteria<PermissionCondition>;

const allOf = (criteria: Criteria[]): Criteria =>
  criteria.length === 1
    ? criteria[0]
    : {
        allOf: criteria.flatMap(c => ('allOf' in c ? c.allOf : [c])) as [
          Criteria,
          ...Criteria[],
        ],
      };

/** The conditions of one scope: in its tenants, owned by the subject, or both. */
function scopeConditions(
  scope: GrantScope,
  resourceType: string,
  subject: PolicySubject,
): Criteria {
  const conditions: Criteria[] = [];
  if (scope.tenants) {
    conditions.push({
      rule: TENANT_RULE,
      resourceType,
      params: { tenants: scope.tenants },
    });
  }
  if (scope.owned) {
    conditions.push({
      rule: OWNER_RULE,
      resourceType,
      params: { ownerRefs: ownerRefsOf(subject) },
    });
  }
  return allOf(conditions);
}

/**
 * The conditions under which a resource permission is allowed, for an allowed
 * or scoped decision: one of the decision's scopes (the tenant rule for
 * tenant-scoped memberships, the owner rule for `@owned` grants, both for an
 * owned grant through a tenant-scoped membership; several scopes are
 * alternatives, `anyOf`), and the not-requester rule for approve/reject.
 * Undefined when unconditional. The policy returns them; `explain` applies
 * them to one resource.
 */
export function resourceConditions(
  decision: Exclude<ScopedDecision, { result: 'DENY' }>,
  permission: { name: string; resourceType: string },
  subject: PolicySubject,
): Criteria | undefined {
  const conditions: Criteria[] = [];
  if (decision.result === 'SCOPED') {
    const alternatives = decision.scopes.map(scope =>
      scopeConditions(scope, permission.resourceType, subject),
    );
    const [first, ...more] = alternatives;
    if (first) {
      conditions.push(more.length === 0 ? first : { anyOf: [first, ...more] });
    }
  }
  if (requiresSeparationOfDuties(permission.name)) {
    conditions.push({
      rule: NOT_REQUESTER_RULE,
      resourceType: permission.resourceType,
      params: { userRef: subject.userEntityRef },
    });
  }
  return conditions.length === 0 ? undefined : allOf(conditions);
}

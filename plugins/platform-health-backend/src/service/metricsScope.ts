import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { ColumnFilter, ScopedAccess } from '@controlplane/backend-common';
import { MetricsScope } from './ExecutiveMetrics';

/** The tenants an `in` filter on the tenant column names, anywhere. */
function namedTenants(
  criteria: PermissionCriteria<ColumnFilter>,
  into: Set<string>,
): Set<string> {
  if ('allOf' in criteria) criteria.allOf.forEach(c => namedTenants(c, into));
  else if ('anyOf' in criteria)
    criteria.anyOf.forEach(c => namedTenants(c, into));
  else if ('not' in criteria) namedTenants(criteria.not, into);
  else if ('in' in criteria && criteria.column === 'tenant')
    criteria.in.forEach(tenant => into.add(tenant));
  return into;
}

/**
 * Whose numbers a caller's access covers: everything without a condition;
 * otherwise the SQL filter for the request metrics and, for other plugins'
 * figures, the tenants it names that the decision itself allows (a
 * condition naming none reaches no tenant).
 */
export function metricsScopeOf(
  access: Extract<ScopedAccess<{ tenant: string }>, { allowed: true }>,
): MetricsScope {
  if (!access.filter) return {};
  return {
    filter: access.filter,
    tenants: [...namedTenants(access.filter, new Set())]
      .filter(tenant => access.isAllowed({ tenant }))
      .sort(),
  };
}

import { Tenant } from '@controlplane/plugin-tenants-common';
import { TenantRiskSignals } from '../api';

/** Why a tenant is at risk, as the card names it. */
export type TenantRiskReason =
  | { kind: 'suspended'; reason?: string }
  | { kind: 'failure-rate' | 'drift' | 'credential-failures' | 'over-budget' }
  | { kind: 'over-quota'; resourceTypes: string[] };

/** One tenant at risk and every reason why. */
export interface TenantAtRisk {
  tenant: string;
  displayName?: string;
  reasons: TenantRiskReason[];
}

const LABELS: Record<
  Exclude<TenantRiskReason['kind'], 'over-quota'>,
  string
> = {
  suspended: 'Suspended',
  'failure-rate': 'Failing calls',
  drift: 'Drift',
  'credential-failures': 'Credential failures',
  'over-budget': 'Over budget',
};

/** A reason in a few words, e.g. `Over quota: tokens`. */
export function describeRisk(reason: TenantRiskReason): string {
  if (reason.kind === 'over-quota') {
    return `Over quota: ${reason.resourceTypes.join(', ')}`;
  }
  if (reason.kind === 'suspended' && reason.reason) {
    return `Suspended: ${reason.reason}`;
  }
  return LABELS[reason.kind];
}

/**
 * The tenants at risk: the suspended ones (the tenants plugin's own
 * knowledge) and those the platform dashboard flags (seed 002's rule:
 * failure rate, drift, credential failures; and over quota or budget), one
 * entry per tenant with every reason, most reasons first, then by name.
 */
export function tenantsAtRisk(
  suspended: Tenant[],
  signals: TenantRiskSignals | undefined,
): TenantAtRisk[] {
  const byTenant = new Map<string, TenantAtRisk>();
  const entry = (tenant: string) => {
    let found = byTenant.get(tenant);
    if (!found) {
      found = { tenant, reasons: [] };
      byTenant.set(tenant, found);
    }
    return found;
  };
  for (const tenant of suspended) {
    const found = entry(tenant.name);
    found.displayName = tenant.displayName;
    found.reasons.push({ kind: 'suspended', reason: tenant.statusReason });
  }
  for (const risk of signals?.at_risk_tenants ?? []) {
    entry(risk.tenant).reasons.push(...risk.reasons.map(kind => ({ kind })));
  }
  for (const exception of signals?.entitlement_exceptions ?? []) {
    const found = entry(exception.tenant);
    if (exception.over_quota.length > 0) {
      found.reasons.push({
        kind: 'over-quota',
        resourceTypes: exception.over_quota,
      });
    }
    if (exception.over_budget) found.reasons.push({ kind: 'over-budget' });
  }
  return [...byTenant.values()]
    .filter(risk => risk.reasons.length > 0)
    .sort(
      (a, b) =>
        b.reasons.length - a.reasons.length || a.tenant.localeCompare(b.tenant),
    );
}

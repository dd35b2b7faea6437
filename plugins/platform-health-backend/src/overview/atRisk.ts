/** What the at-risk rule looks at for one tenant (seed 002, section 5.3). */
export interface TenantRiskFacts {
  /** Failed calls of the tenant's apps in the last 24 hours. */
  failures24h: number;
  /** All calls of the tenant's apps in the last 24 hours. */
  requests24h: number;
  /** Drift detected on the tenant's deployments in the last 7 days. */
  driftDetections7d: number;
  /** Failed calls with the tenant's apps' credentials in the last 7 days. */
  credentialFailures7d: number;
}

/** Why a tenant is at risk; empty when it is not. */
export type RiskReason = 'failure-rate' | 'drift' | 'credential-failures';

/**
 * Seed 002's rule, kept simple and explainable: at risk if ANY of
 * - failure rate in 24 h >= 10 % AND failures >= 20;
 * - drift detected >= 3 times in 7 days;
 * - credential failures in 7 days >= 5.
 * (Seed 002's "delinquent" has no data in the portal: no payments.)
 */
export function riskReasons(facts: TenantRiskFacts): RiskReason[] {
  const reasons: RiskReason[] = [];
  if (
    facts.failures24h >= 20 &&
    facts.requests24h > 0 &&
    facts.failures24h / facts.requests24h >= 0.1
  ) {
    reasons.push('failure-rate');
  }
  if (facts.driftDetections7d >= 3) reasons.push('drift');
  if (facts.credentialFailures7d >= 5) reasons.push('credential-failures');
  return reasons;
}

import { Evidence } from '@controlplane/plugin-promotions-common';

/**
 * The evidence at a glance: `tests ✓ · coverage 82% · 0 critical`; parts
 * not reported are left out, `no evidence` when none is.
 */
export function summarizeEvidence(evidence: Evidence): string {
  const parts: string[] = [];
  if (evidence.testsPassed !== undefined) {
    parts.push(`tests ${evidence.testsPassed ? '✓' : '✗'}`);
  }
  if (evidence.coverage !== undefined) {
    parts.push(`coverage ${evidence.coverage}%`);
  }
  if (evidence.criticalVulnerabilities !== undefined) {
    parts.push(`${evidence.criticalVulnerabilities} critical`);
  }
  return parts.length ? parts.join(' · ') : 'no evidence';
}

/** {@link summarizeEvidence} as text in a table cell. */
export const EvidenceSummary = (props: { evidence: Evidence }) => (
  <span>{summarizeEvidence(props.evidence)}</span>
);

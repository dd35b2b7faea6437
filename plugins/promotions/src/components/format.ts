import {
  Decision,
  PromotionRequest,
} from '@controlplane/plugin-promotions-common';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long ago `iso` was, shortly: `just now`, `12 min`, `3 h`, `2 d`. */
export function formatAge(iso: string, now = Date.now()): string {
  const age = Math.max(0, now - new Date(iso).getTime());
  if (age < MINUTE) return 'just now';
  if (age < HOUR) return `${Math.floor(age / MINUTE)} min`;
  if (age < DAY) return `${Math.floor(age / HOUR)} h`;
  return `${Math.floor(age / DAY)} d`;
}

/** `staging → production`. */
export const formatStep = (request: {
  sourceEnvironment: string;
  targetEnvironment: string;
}) => `${request.sourceEnvironment} → ${request.targetEnvironment}`;

/** `1 / 2`: approvals so far of those required. */
export const formatApprovals = (request: PromotionRequest) =>
  `${request.approvals} / ${request.approvalsRequired}`;

/** A decision in words, e.g. `Auto-approved (rule green builds)`. */
export function describeDecision(decision: Decision): string {
  switch (decision.decision) {
    case 'approve':
      return 'Approved';
    case 'auto-approve':
      return decision.ruleId
        ? `Auto-approved by rule ${decision.ruleId}`
        : 'Auto-approved';
    case 'reject':
      return 'Rejected';
    case 'withdraw':
      return 'Withdrawn';
    case 'expire':
      return 'Expired';
    case 'override-request':
      return 'Override requested';
    case 'override-approve':
      return 'Override approved';
    case 'apply':
      return 'Applied';
    default:
      return decision.decision;
  }
}

/** A user or app ref without the default namespace: `user:april`. */
export const shortRef = (ref: string) => ref.replace(/:default\//, ':');

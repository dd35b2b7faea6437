import { DateTime, Duration } from 'luxon';
import {
  Decision,
  PromotionRequest,
} from '@controlplane/plugin-promotions-common';

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

/**
 * How long ago `iso` was, in words and in its largest whole unit, in the
 * user's language: `3 hours`, `1 day`, `12 minutes`; `under a minute`.
 */
export function ageOf(iso: string, now: DateTime = DateTime.now()): string {
  const span = now
    .diff(DateTime.fromISO(iso), ['days', 'hours', 'minutes'])
    .toObject();
  const unit = (['days', 'hours', 'minutes'] as const).find(
    u => Math.floor(span[u] ?? 0) >= 1,
  );
  if (!unit) return 'under a minute';
  return Duration.fromObject({ [unit]: Math.floor(span[unit]!) }).toHuman();
}

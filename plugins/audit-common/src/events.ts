import { VerifyReport } from './generated';

/** The events service topic of the audit plugin's alarms. */
export const AUDIT_EVENT_TOPIC = 'controlplane.audit';

/**
 * Published when the scheduled verification finds the trail broken (an
 * unacknowledged broken range, a bad checkpoint or acknowledgement, an
 * unverified anchor); the incidents plugin opens one ticket from it.
 */
export interface AuditChainBrokenPayload {
  type: 'audit.chain-broken';
  /** When the verification ran, ISO 8601. */
  verifiedAt: string;
  /** The first unacknowledged broken link, if the walk found one. */
  firstBroken?: VerifyReport['firstBroken'];
  /** Broken ranges nobody acknowledged. */
  openBrokenRanges: number;
  invalidCheckpoints: number;
  invalidAcknowledgements: number;
  anchorStatus: VerifyReport['anchor']['status'];
  head: VerifyReport['head'];
}

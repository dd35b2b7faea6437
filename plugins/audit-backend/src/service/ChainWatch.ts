import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import {
  AUDIT_EVENT_TOPIC,
  AuditChainBrokenPayload,
  VerifyReport,
} from '@controlplane/plugin-audit-common';
import { VerificationService } from './VerificationService';

/**
 * The scheduled verification of the trail: walks the chain and, when it is
 * not intact, logs it and publishes `audit.chain-broken` (the incidents
 * plugin opens a ticket and counts repeats on it).
 */
export class ChainWatch {
  constructor(
    private readonly options: {
      verification: VerificationService;
      events: EventsService;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  /** Runs one verification; resolves its report. */
  async check(): Promise<VerifyReport> {
    const { verification, events, logger } = this.options;
    const report = await verification.verify();
    if (report.ok) {
      logger.info(`Audit chain verified: ${report.checked} records intact`);
      return report;
    }
    const payload: AuditChainBrokenPayload = {
      type: 'audit.chain-broken',
      verifiedAt: (this.options.now?.() ?? new Date()).toISOString(),
      openBrokenRanges: (report.brokenRanges ?? []).filter(r => !r.acknowledged)
        .length,
      invalidCheckpoints: report.checkpoints.invalid,
      invalidAcknowledgements: report.acknowledgements?.invalid ?? 0,
      anchorStatus: report.anchor.status,
      head: report.head,
    };
    if (report.firstBroken) payload.firstBroken = report.firstBroken;
    logger.error(`Audit chain verification failed: ${JSON.stringify(payload)}`);
    await events.publish({ topic: AUDIT_EVENT_TOPIC, eventPayload: payload });
    return report;
  }
}

import { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { AuditEventInput } from '@controlplane/plugin-audit-common';
import { AuditEventWriter, AuditTrailService } from './auditTrail';

/**
 * - `waiting`: no writer yet; events are buffered until the audit plugin
 *   attaches its store.
 * - `storing`: a writer is attached; events are written in order.
 * - `log-only`: the audit plugin is not installed in this backend or never
 *   attached; events are only logged (by the auditor), not stored.
 */
export type AuditTrailMode = 'waiting' | 'storing' | 'log-only';

/** Tuning of {@link DefaultAuditTrail}; the defaults suit production. */
export interface DefaultAuditTrailOptions {
  logger: LoggerService;
  /** Events buffered while waiting for the writer; default 10000. */
  maxBufferedEvents?: number;
  /** Most events handed to the writer in one call; default 200. */
  maxBatchSize?: number;
  /** Tries per batch before its events are given up; default 3. */
  writeAttempts?: number;
  /** Delay before the first retry, doubled for each further one; default 200 ms. */
  retryDelayMs?: number;
  /**
   * Longest a buffered event waits for a writer before the trail falls back
   * to log-only; default 30 s. Guards against a plugin whose init awaits a
   * record while the audit plugin cannot attach.
   */
  maxWaitMs?: number;
}

interface Pending {
  event: AuditEventInput;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Summary of an event for the logs: who did what to which resource, without
 * the metadata (before/after values may be sensitive).
 */
export function describeAuditEvent(event: AuditEventInput) {
  return {
    source: event.source,
    eventId: event.eventId,
    timestamp: event.timestamp,
    action: event.action,
    actorId: event.actorId,
    actorType: event.actorType,
    outcome: event.outcome,
    severity: event.severity,
    tenant: event.tenant,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    requestId: event.requestId,
  };
}

/**
 * The audit trail between the plugins' auditors and the audit store.
 *
 * Events are written in the order `record` was called, by one writer call at
 * a time; the events that arrive while a write is in flight go together into
 * the next call (micro-batching). A batch whose write keeps failing is
 * retried with backoff, then its events are logged as lost and their
 * `record` promises reject with a `ServiceUnavailableError`.
 */
export class DefaultAuditTrail implements AuditTrailService {
  readonly #logger: LoggerService;
  readonly #maxBufferedEvents: number;
  readonly #maxBatchSize: number;
  readonly #writeAttempts: number;
  readonly #retryDelayMs: number;
  readonly #maxWaitMs: number;

  #mode: AuditTrailMode = 'waiting';
  #writer?: AuditEventWriter;
  #queue: Pending[] = [];
  #draining?: Promise<void>;
  #overflowWarned = false;
  #waitTimer?: NodeJS.Timeout;

  constructor(options: DefaultAuditTrailOptions) {
    this.#logger = options.logger;
    this.#maxBufferedEvents = options.maxBufferedEvents ?? 10000;
    this.#maxBatchSize = options.maxBatchSize ?? 200;
    this.#writeAttempts = Math.max(1, options.writeAttempts ?? 3);
    this.#retryDelayMs = options.retryDelayMs ?? 200;
    this.#maxWaitMs = options.maxWaitMs ?? 30_000;
  }

  get mode(): AuditTrailMode {
    return this.#mode;
  }

  /** Events waiting for the writer or for their write. */
  get pendingCount(): number {
    return this.#queue.length;
  }

  attachWriter(writer: AuditEventWriter): void {
    if (this.#writer) {
      throw new Error('An audit event writer is already attached');
    }
    if (this.#mode === 'log-only') {
      this.#logger.info(
        'The audit store attached after the audit trail fell back to log-only; events are stored from now on',
      );
    }
    this.#writer = writer;
    this.#mode = 'storing';
    this.#clearWaitTimer();
    this.#scheduleDrain();
  }

  record(event: AuditEventInput): Promise<void> {
    if (this.#mode === 'log-only') {
      return Promise.resolve();
    }
    if (
      this.#mode === 'waiting' &&
      this.#queue.length >= this.#maxBufferedEvents
    ) {
      if (!this.#overflowWarned) {
        this.#overflowWarned = true;
        this.#logger.warn(
          `More than ${
            this.#maxBufferedEvents
          } audit events are waiting for the audit store to attach; further events are only logged until it does`,
        );
      }
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ event, resolve, reject });
      if (this.#mode === 'waiting') {
        this.#startWaitTimer();
      }
      this.#scheduleDrain();
    });
  }

  #startWaitTimer() {
    if (this.#waitTimer) {
      return;
    }
    this.#waitTimer = setTimeout(() => {
      this.#waitTimer = undefined;
      this.fallBackToLogOnly(
        `no audit store attached within ${
          this.#maxWaitMs / 1000
        }s of the first buffered event`,
      );
    }, this.#maxWaitMs);
    this.#waitTimer.unref();
  }

  #clearWaitTimer() {
    if (this.#waitTimer) {
      clearTimeout(this.#waitTimer);
      this.#waitTimer = undefined;
    }
  }

  /**
   * Stops waiting for a writer: the buffered events and all later ones are
   * only logged. Does nothing once a writer is attached.
   */
  fallBackToLogOnly(reason: string): void {
    if (this.#mode !== 'waiting') {
      return;
    }
    this.#mode = 'log-only';
    this.#clearWaitTimer();
    const buffered = this.#queue.splice(0);
    this.#logger.warn(
      `Audit events are only logged, not stored: ${reason}${
        buffered.length ? ` (${buffered.length} buffered events released)` : ''
      }`,
    );
    buffered.forEach(pending => pending.resolve());
  }

  /** Resolves when every event recorded so far has been written or given up. */
  async flush(): Promise<void> {
    while (this.#draining) {
      await this.#draining;
    }
  }

  #scheduleDrain() {
    if (this.#mode !== 'storing' || this.#draining || !this.#queue.length) {
      return;
    }
    this.#draining = this.#drain().finally(() => {
      this.#draining = undefined;
      // Events may have arrived after the last batch was taken.
      this.#scheduleDrain();
    });
  }

  async #drain(): Promise<void> {
    // Let the events recorded in the same turn join the first batch.
    await new Promise<void>(resolve => setImmediate(resolve));
    while (this.#queue.length && this.#writer) {
      const batch = this.#queue.splice(0, this.#maxBatchSize);
      try {
        await this.#writeWithRetries(
          this.#writer,
          batch.map(pending => pending.event),
        );
        batch.forEach(pending => pending.resolve());
      } catch (error) {
        const cause = error instanceof Error ? error : new Error(String(error));
        for (const pending of batch) {
          this.#logger.error('Audit event could not be stored', {
            ...describeAuditEvent(pending.event),
            error: `${cause.name}: ${cause.message}`,
          });
          pending.reject(
            new ServiceUnavailableError(
              `The audit record of ${pending.event.action} could not be stored`,
              cause,
            ),
          );
        }
      }
    }
  }

  async #writeWithRetries(
    writer: AuditEventWriter,
    events: AuditEventInput[],
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await writer.write(events);
        return;
      } catch (error) {
        if (attempt >= this.#writeAttempts) {
          throw error;
        }
        const delay = this.#retryDelayMs * 2 ** (attempt - 1);
        this.#logger.warn(
          `Writing ${
            events.length
          } audit events failed (attempt ${attempt} of ${
            this.#writeAttempts
          }), retrying in ${delay} ms: ${error}`,
        );
        await new Promise(resolve => setTimeout(resolve, delay));
      }
    }
  }
}

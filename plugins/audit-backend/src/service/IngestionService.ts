import { InputError } from '@backstage/errors';
import {
  AUDIT_ACTOR_TYPES,
  AUDIT_SEVERITIES,
  AuditEventInput,
  IngestEvent,
  IngestResult,
  isOneOf,
} from '@controlplane/plugin-audit-common';
import { AuditStores } from '../database/stores';
import { ISO_DATE_TIME } from './isoTime';

/** The most events one ingestion call may post. */
export const MAX_BATCH = 1000;

/** A validated ingested event: it always has the application's event id. */
type IngestedInput = AuditEventInput & { eventId: string };

/**
 * Records events in the chain: batches posted by managed applications and
 * other backends (validated, all or nothing) and the events of the plugins'
 * auditors (made to fit, never refused).
 */
export class IngestionService {
  constructor(private readonly stores: AuditStores) {}

  /**
   * Validates a batch posted by a managed application and appends it.
   * Nothing is written when any event is invalid; the error names the index
   * and the field. `source` is `app:<appName>` or `service:<subject>`.
   */
  async ingest(source: string, events: IngestEvent[]): Promise<IngestResult> {
    if (
      !Array.isArray(events) ||
      events.length < 1 ||
      events.length > MAX_BATCH
    ) {
      throw new InputError(
        `events must be an array of 1 to ${MAX_BATCH} events`,
      );
    }
    const inputs = events.map((event, index) => toInput(source, event, index));
    const result = await this.stores.audit.append(inputs);
    return {
      accepted: result.accepted.length,
      duplicates: result.duplicates,
      records: result.accepted.map(({ index, id, seq }) => ({
        index,
        id,
        seq,
        eventId: inputs[index].eventId,
      })),
    };
  }

  /**
   * Appends events of the plugins' auditors (the audit trail's writer).
   * These come from code, not from users, so they are made to fit rather
   * than refused: a failed write would lose the whole batch.
   */
  async write(events: AuditEventInput[]): Promise<void> {
    if (events.length === 0) return;
    const clip = (value: string | undefined, max = 255) =>
      value === undefined || value === null
        ? undefined
        : String(value).slice(0, max);
    await this.stores.audit.append(
      events.map(event => ({
        ...event,
        source: clip(event.source) ?? 'unknown',
        eventId: clip(event.eventId),
        timestamp: Number.isNaN(Date.parse(event.timestamp))
          ? new Date().toISOString()
          : new Date(event.timestamp).toISOString(),
        actorId: clip(event.actorId, 1024) ?? 'unknown',
        actorType: isOneOf(AUDIT_ACTOR_TYPES, event.actorType)
          ? event.actorType
          : 'system',
        action: clip(event.action) ?? 'unknown',
        resourceType: clip(event.resourceType),
        resourceId: clip(event.resourceId, 1024),
        tenant: clip(event.tenant),
        outcome: event.outcome === 'failure' ? 'failure' : 'success',
        severity: isOneOf(AUDIT_SEVERITIES, event.severity)
          ? event.severity
          : 'medium',
        metadata: event.metadata ?? {},
        ip: clip(event.ip),
        requestId: clip(event.requestId),
      })),
    );
  }
}

/** The store's form of one posted event; an InputError names what is wrong. */
function toInput(
  source: string,
  event: IngestEvent,
  index: number,
): IngestedInput {
  const fail = (field: string, message: string): never => {
    throw new InputError(`events[${index}].${field} ${message}`);
  };
  if (!event || typeof event !== 'object') {
    throw new InputError(`events[${index}] must be an object`);
  }
  const text = (field: keyof IngestEvent, required: boolean, max: number) => {
    const value = event[field];
    if (value === undefined || value === null) {
      if (required) fail(field, 'is required');
      return undefined;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      return fail(field, 'must be a non-empty string');
    }
    if (value.length > max) fail(field, `must be at most ${max} characters`);
    return value;
  };
  const required = (field: keyof IngestEvent, max: number): string =>
    text(field, true, max) ?? fail(field, 'is required');

  const eventId = required('eventId', 255);
  const timestampText = required('timestamp', 64);
  if (
    !ISO_DATE_TIME.test(timestampText) ||
    Number.isNaN(Date.parse(timestampText))
  ) {
    fail('timestamp', `must be an ISO 8601 date-time, got "${timestampText}"`);
  }
  const actorId = required('actorId', 1024);
  const action = required('eventType', 255);
  if (!/^[A-Za-z0-9_.:-]+$/.test(action)) {
    fail('eventType', 'may only contain letters, digits and . _ : -');
  }
  const actorType = event.actorType ?? 'app';
  if (!isOneOf(AUDIT_ACTOR_TYPES, actorType)) {
    return fail('actorType', `must be one of ${AUDIT_ACTOR_TYPES.join(', ')}`);
  }
  const outcome = event.outcome;
  if (outcome !== 'success' && outcome !== 'failure') {
    return fail('outcome', 'must be success or failure');
  }
  const metadata = event.metadata ?? {};
  if (typeof metadata !== 'object' || Array.isArray(metadata)) {
    fail('metadata', 'must be an object');
  }
  if (JSON.stringify(metadata).length > 64 * 1024) {
    fail('metadata', 'must be at most 64 KiB as JSON');
  }
  return {
    source,
    eventId,
    timestamp: new Date(timestampText).toISOString(),
    actorId,
    actorType,
    action,
    resourceType: text('resourceType', false, 255),
    resourceId: text('resourceId', false, 1024),
    tenant: text('tenant', false, 255),
    outcome,
    severity: isOneOf(AUDIT_SEVERITIES, metadata.severity)
      ? metadata.severity
      : 'medium',
    metadata,
    ip: text('ip', false, 255),
    userAgent: text('userAgent', false, 2048),
  };
}

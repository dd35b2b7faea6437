import { InputError } from '@backstage/errors';
import {
  AUDIT_ACTOR_TYPES,
  AUDIT_SEVERITIES,
  AuditEventInput,
  canonicalJson,
  canonicalMetadata,
  IngestEvent,
  IngestResult,
  isOneOf,
  METADATA_MAX_DEPTH,
} from '@controlplane/plugin-audit-common';
import { AuditStores } from '../database/stores';
import { ISO_DATE_TIME } from './isoTime';

/** The most events one ingestion call may post. */
export const MAX_BATCH = 1000;

/** The most metadata one ingested event may carry, as canonical JSON. */
export const MAX_INGESTED_METADATA_CHARS = 64 * 1024;

/** The most metadata an auditor event keeps; larger is replaced by a note. */
export const MAX_WRITTEN_METADATA_CHARS = 1024 * 1024;

/** A validated ingested event: it always has the application's event id. */
type IngestedInput = AuditEventInput & { eventId: string };

/**
 * The actor types an app may claim: itself (`app`, the default) or one of
 * its own end users (`user`, with an id in the app's terms). Operators and
 * the system are the portal's.
 */
export const APP_ACTOR_TYPES = ['app', 'user'] as const;

/**
 * Actor ids an app may not use: principals and entity refs of the portal
 * (`user:default/ada`, `group:...`, `service:...`, `plugin:...`, `app:...`
 * and the other catalog kinds), in any case, so that no app record reads as
 * the portal's.
 */
const PORTAL_ACTOR_ID =
  /^\s*(user|group|service|plugin|app|component|system|domain|api|resource|location|template|tenant|external)\s*:/i;

/** Who posts a batch: the source, and for an app what it is allowed. */
export interface IngestCaller {
  /** `app:<appName>` or `service:<subject>`. */
  source: string;
  /** Set for managed applications: their events are held to app rules. */
  app?: { appName: string };
}

/** The window of time an app's event may claim (see `audit.ingestion`). */
export interface IngestionWindow {
  /** How far in the past a timestamp may be, in milliseconds. */
  maxEventAgeMs: number;
  /** How far in the future (clock skew), in milliseconds. */
  maxClockSkewMs: number;
}

/** Defaults of {@link IngestionWindow}: 24 hours back, 5 minutes ahead. */
export const DEFAULT_INGESTION_WINDOW: IngestionWindow = {
  maxEventAgeMs: 24 * 3600 * 1000,
  maxClockSkewMs: 5 * 60 * 1000,
};

/**
 * Records events in the chain: batches posted by managed applications and
 * other backends (validated, all or nothing) and the events of the plugins'
 * auditors (made to fit, never refused).
 */
export class IngestionService {
  constructor(
    private readonly stores: AuditStores,
    private readonly options: {
      window?: IngestionWindow;
      /** The clock, for tests. */
      now?: () => number;
    } = {},
  ) {}

  /**
   * Validates a batch posted by a managed application and appends it.
   * Nothing is written when any event is invalid; the error names the index
   * and the field. An app's events may not claim a portal actor, and their
   * timestamps must lie within the ingestion window.
   */
  async ingest(
    caller: IngestCaller,
    events: IngestEvent[],
  ): Promise<IngestResult> {
    if (
      !Array.isArray(events) ||
      events.length < 1 ||
      events.length > MAX_BATCH
    ) {
      throw new InputError(
        `events must be an array of 1 to ${MAX_BATCH} events`,
      );
    }
    const window = this.options.window ?? DEFAULT_INGESTION_WINDOW;
    const now = this.options.now?.() ?? Date.now();
    const inputs = events.map((event, index) => {
      const input = toInput(caller.source, event, index);
      if (caller.app) checkAppEvent(input, index, window, now);
      return input;
    });
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
        timestamp: storableTimestamp(event.timestamp),
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
        metadata: writableMetadata(event.metadata),
        ip: clip(event.ip),
        userAgent: clip(event.userAgent, 2048),
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
  const received = event.metadata ?? {};
  if (typeof received !== 'object' || Array.isArray(received)) {
    fail('metadata', 'must be an object');
  }
  // Bounded depth first: the size is measured on what will be stored.
  const canonical = canonicalMetadata(received);
  if (canonical.clipped) {
    fail(
      'metadata',
      `must not be nested deeper than ${METADATA_MAX_DEPTH} levels`,
    );
  }
  const metadata = canonical.value;
  if (canonicalJson(metadata).length > MAX_INGESTED_METADATA_CHARS) {
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

/**
 * The rules for events of managed applications: no portal actor, and a
 * timestamp within the window (an app cannot backdate or predate records).
 */
function checkAppEvent(
  input: IngestedInput,
  index: number,
  window: IngestionWindow,
  now: number,
): void {
  const fail = (field: string, message: string): never => {
    throw new InputError(`events[${index}].${field} ${message}`);
  };
  if (!isOneOf(APP_ACTOR_TYPES, input.actorType)) {
    fail(
      'actorType',
      `must be ${APP_ACTOR_TYPES.join(
        ' or ',
      )} for an app (the app itself or one of its own users)`,
    );
  }
  if (PORTAL_ACTOR_ID.test(input.actorId)) {
    fail(
      'actorId',
      `must be the app's own id of the actor, not a principal or entity ref of the portal ("${input.actorId.slice(
        0,
        64,
      )}")`,
    );
  }
  const time = Date.parse(input.timestamp);
  if (time < now - window.maxEventAgeMs) {
    fail(
      'timestamp',
      `is older than the ${formatDuration(
        window.maxEventAgeMs,
      )} an app may report back (${input.timestamp})`,
    );
  }
  if (time > now + window.maxClockSkewMs) {
    fail(
      'timestamp',
      `is more than ${formatDuration(window.maxClockSkewMs)} in the future (${
        input.timestamp
      })`,
    );
  }
}

function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}

/** Years the database columns hold as ISO text alike (4 digits). */
const EARLIEST = Date.UTC(1, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** The auditor's timestamp, or now when it is no time both databases keep. */
function storableTimestamp(value: string): string {
  const time = Date.parse(value);
  return Number.isNaN(time) || time < EARLIEST || time > LATEST
    ? new Date().toISOString()
    : new Date(time).toISOString();
}

/**
 * An auditor event's metadata as it will be stored: parts nested too deep
 * are clipped (canonicalMetadata), and metadata too large to keep is
 * replaced by a note saying so, so the event itself is never lost.
 */
function writableMetadata(metadata: unknown) {
  const { value } = canonicalMetadata(metadata);
  const size = canonicalJson(value).length;
  if (size <= MAX_WRITTEN_METADATA_CHARS) return value;
  return {
    metadataOmitted: `${size} characters of JSON, more than the ${MAX_WRITTEN_METADATA_CHARS} kept`,
  };
}

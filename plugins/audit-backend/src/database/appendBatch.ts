import { randomUUID } from 'node:crypto';
import {
  AuditEventInput,
  auditContent,
  canonicalJson,
  chainHashOf,
  Sha256,
} from '@controlplane/plugin-audit-common';
import { storedFormOf } from './storedForm';

/**
 * The work of an append split in two: what does not depend on the place in
 * the chain (stored form, metadata text and hash, id, the content's
 * canonical JSON around its seq) is done before the head is read, so that
 * under the head (a lock, or a compare-and-set) only two hashes per record
 * remain.
 */

/** One event ready to be chained. */
export interface PreparedEvent {
  event: AuditEventInput;
  id: string;
  metadataText: string;
  metadataHash: string;
  /** canonicalJson(content) is `before + seq + after`. */
  contentBefore: string;
  contentAfter: string;
}

// In canonical JSON the seq member sits between resourceType and severity;
// a quote inside a string value is escaped, so this text is only the member.
const SEQ_MEMBER = ',"seq":0,';

export function prepareEvents(
  received: AuditEventInput[],
  sha: Sha256,
): PreparedEvent[] {
  return received.map(input => {
    // Hashed over what the database gives back, never over what was sent.
    const event = storedFormOf(input);
    const id = randomUUID();
    const metadataText = canonicalJson(event.metadata);
    const metadataHash = sha(metadataText);
    const content = canonicalJson(
      auditContent({ ...event, seq: 0, id }, metadataHash),
    );
    const at = content.indexOf(SEQ_MEMBER);
    if (at < 0) throw new Error('Unexpected canonical content');
    return {
      event,
      id,
      metadataText,
      metadataHash,
      contentBefore: content.slice(0, at + SEQ_MEMBER.length - 2),
      contentAfter: content.slice(at + SEQ_MEMBER.length - 1),
    };
  });
}

/** A row of audit_events to insert. */
export interface EventInsert {
  seq: number;
  id: string;
  source: string;
  event_id: string | null;
  timestamp: string;
  actor_id: string;
  actor_type: string;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  tenant: string | null;
  outcome: string;
  severity: string;
  metadata: string;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  metadata_hash: string;
  content_hash: string;
  prev_hash: string;
  hash: string;
}

/** The columns of {@link EventInsert}, in table order. */
export const EVENT_COLUMNS: Array<keyof EventInsert> = [
  'seq',
  'id',
  'source',
  'event_id',
  'timestamp',
  'actor_id',
  'actor_type',
  'action',
  'resource_type',
  'resource_id',
  'tenant',
  'outcome',
  'severity',
  'metadata',
  'ip',
  'user_agent',
  'request_id',
  'metadata_hash',
  'content_hash',
  'prev_hash',
  'hash',
];

/** The batch placed after the head: rows, checkpoint places, new head. */
export interface ChainedBatch {
  accepted: Array<{ index: number; id: string; seq: number; eventId?: string }>;
  duplicates: Array<{ index: number; eventId: string; id: string }>;
  rows: EventInsert[];
  /** Records at which an interval checkpoint is due. */
  checkpoints: Array<{ seq: number; hash: string }>;
  lastSeq: number;
  lastHash: string;
}

export const eventKey = (source: string, eventId: string) =>
  `${source}\u0000${eventId}`;

/**
 * Places the events after the head: events whose (source, eventId) is in
 * `existing` (stored) or earlier in the batch are duplicates; the others
 * get the next seqs, their content and chain hashes.
 */
export function chainBatch(
  prepared: PreparedEvent[],
  existing: Map<string, string>,
  head: { seq: number; hash: string },
  sha: Sha256,
  checkpointInterval: number,
): ChainedBatch {
  const known = new Map(existing);
  const batch: ChainedBatch = {
    accepted: [],
    duplicates: [],
    rows: [],
    checkpoints: [],
    lastSeq: head.seq,
    lastHash: head.hash,
  };
  let seq = head.seq;
  let prevHash = head.hash;
  prepared.forEach((item, index) => {
    const { event, id } = item;
    if (event.eventId) {
      const stored = known.get(eventKey(event.source, event.eventId));
      if (stored) {
        batch.duplicates.push({ index, eventId: event.eventId, id: stored });
        return;
      }
      known.set(eventKey(event.source, event.eventId), id);
    }
    seq += 1;
    const contentHash = sha(item.contentBefore + seq + item.contentAfter);
    const hash = chainHashOf(prevHash, contentHash, sha);
    const orNull = (value: string | undefined) =>
      value === undefined || value === '' ? null : value;
    batch.rows.push({
      seq,
      id,
      source: event.source,
      event_id: orNull(event.eventId),
      timestamp: event.timestamp,
      actor_id: event.actorId,
      actor_type: event.actorType,
      action: event.action,
      resource_type: orNull(event.resourceType),
      resource_id: orNull(event.resourceId),
      tenant: orNull(event.tenant),
      outcome: event.outcome,
      severity: event.severity,
      metadata: item.metadataText,
      ip: orNull(event.ip),
      user_agent: orNull(event.userAgent),
      request_id: orNull(event.requestId),
      metadata_hash: item.metadataHash,
      content_hash: contentHash,
      prev_hash: prevHash,
      hash,
    });
    batch.accepted.push({ index, id, seq, eventId: event.eventId });
    if (seq % checkpointInterval === 0) batch.checkpoints.push({ seq, hash });
    prevHash = hash;
  });
  batch.lastSeq = seq;
  batch.lastHash = prevHash;
  return batch;
}

import {
  Acknowledgement,
  AuditActorType,
  AuditOutcome,
  AuditRecord,
  AuditSeverity,
  Checkpoint,
} from '@controlplane/plugin-audit-common';

/** A row of `audit_events`; the content columns are null once purged. */
export interface EventRow {
  seq: number | string;
  id: string;
  source: string;
  event_id: string | null;
  timestamp: Date | string;
  actor_id: string | null;
  actor_type: string;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  tenant: string | null;
  outcome: string;
  severity: string;
  metadata: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  metadata_hash: string;
  content_hash: string;
  prev_hash: string;
  hash: string;
  purged_at: Date | string | null;
}

/** A row of `audit_checkpoints`. */
export interface CheckpointRow {
  seq: number | string;
  hash: string;
  signature: string;
  key_id: string;
  public_key: string;
  kind: Checkpoint['kind'];
  created_at: Date | string;
}

/** PostgreSQL returns Date objects, SQLite the ISO strings we wrote. */
export function toIso(value: Date | string): string {
  return new Date(value).toISOString();
}

const isSet = (value: string | null | undefined): value is string =>
  value !== null && value !== undefined;

/**
 * The record of a row: its optional fields only when set (after the others,
 * as API answers and JSON exports have always listed them).
 */
export function rowToRecord(row: EventRow): AuditRecord {
  const record: AuditRecord = {
    id: row.id,
    seq: Number(row.seq),
    source: row.source,
    timestamp: toIso(row.timestamp),
    actorId: row.actor_id ?? '',
    // The columns hold only values the store wrote from these types.
    actorType: row.actor_type as AuditActorType,
    action: row.action,
    outcome: row.outcome as AuditOutcome,
    severity: row.severity as AuditSeverity,
    metadata: row.metadata ? JSON.parse(row.metadata) : {},
    prevHash: row.prev_hash,
    hash: row.hash,
    contentHash: row.content_hash,
    metadataHash: row.metadata_hash,
  };
  if (isSet(row.event_id)) record.eventId = row.event_id;
  if (isSet(row.resource_type)) record.resourceType = row.resource_type;
  if (isSet(row.resource_id)) record.resourceId = row.resource_id;
  if (isSet(row.tenant)) record.tenant = row.tenant;
  if (isSet(row.ip)) record.ip = row.ip;
  if (isSet(row.user_agent)) record.userAgent = row.user_agent;
  if (isSet(row.request_id)) record.requestId = row.request_id;
  return record;
}

export function rowToCheckpoint(row: CheckpointRow): Checkpoint {
  return {
    seq: Number(row.seq),
    hash: row.hash,
    signature: row.signature,
    keyId: row.key_id,
    publicKey: row.public_key,
    kind: row.kind,
    createdAt: toIso(row.created_at),
  };
}

/** A row of `audit_acknowledgements`. */
export interface AcknowledgementRow {
  id: string;
  from_seq: number | string;
  to_seq: number | string;
  reason: string;
  acknowledged_by: string;
  acknowledged_at: string;
  range_digest: string;
  signature: string;
  key_id: string;
  public_key: string;
}

export function rowToAcknowledgement(row: AcknowledgementRow): Acknowledgement {
  return {
    id: row.id,
    fromSeq: Number(row.from_seq),
    toSeq: Number(row.to_seq),
    reason: row.reason,
    acknowledgedBy: row.acknowledged_by,
    acknowledgedAt: row.acknowledged_at,
    rangeDigest: row.range_digest,
    signature: row.signature,
    keyId: row.key_id,
    publicKey: row.public_key,
  };
}

import { JsonObject } from '@backstage/types';

/** Who acted: a person, an operator, a managed application or the system itself. */
export type AuditActorType = 'user' | 'operator' | 'app' | 'system';
export type AuditOutcome = 'success' | 'failure';
/** Backstage's auditor severity levels. */
export type AuditSeverity = 'low' | 'medium' | 'high' | 'critical';

/**
 * One audit event as it is handed to the audit store: from any plugin's
 * `coreServices.auditor` (through `@controlplane/plugin-audit-node`) or
 * posted by a managed application.
 */
export interface AuditEventInput {
  /**
   * Where the event comes from: `plugin:<pluginId>` for plugin events,
   * `app:<appId>` or `service:<subject>` for ingested ones. Together with
   * `eventId` it makes ingestion idempotent.
   */
  source: string;
  /** The source's own id of the event; a retry with the same id is recorded once. */
  eventId?: string;
  /** ISO 8601 UTC. */
  timestamp: string;
  /** `user:default/ada`, `plugin:catalog`, an app id... */
  actorId: string;
  actorType: AuditActorType;
  /** `<pluginId>.<event>`, e.g. `rbac.role-grant`, `promotion.approved`. */
  action: string;
  resourceType?: string;
  resourceId?: string;
  tenant?: string;
  outcome: AuditOutcome;
  severity: AuditSeverity;
  /** Before/after values, reasons, the error of a failure. Never secrets. */
  metadata: JsonObject;
  ip?: string;
  userAgent?: string;
  requestId?: string;
}

/** A stored audit record: the event plus its place in the hash chain. */
export interface AuditRecord extends AuditEventInput {
  id: string;
  /** Position in the chain, increasing without gaps at write time. */
  seq: number;
  /** Hash of the previous record (all zeros for the first). */
  prevHash: string;
  /** Hash over this record's content and `prevHash`. */
  hash: string;
  /**
   * sha256 of the canonical JSON of the record's fields (metadata through
   * `metadataHash`); `hash = sha256(prevHash + contentHash)`. Set on records
   * returned by the audit API.
   */
  contentHash?: string;
  /** sha256 of the canonical JSON of `metadata`. Set by the audit API. */
  metadataHash?: string;
}

import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  AuditOutcome,
  AuditRecord,
  AuditSeverity,
} from '@controlplane/plugin-audit-common';

/** The filters of the audit page, as the backend's query parameters name them. */
export interface AuditFilters {
  /** Actor entity ref or id, e.g. `user:default/ada`. */
  actor?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  tenant?: string;
  outcome?: AuditOutcome;
  severity?: AuditSeverity;
  /** ISO 8601, inclusive. */
  from?: string;
  /** ISO 8601, exclusive. */
  to?: string;
}

/** What the user may do with the audit trail (`GET /access`). */
export interface AuditAccess {
  read: boolean;
  export: boolean;
  verify: boolean;
}

/** One page of records and where the next one starts. */
export interface AuditRecordPage {
  records: AuditRecord[];
  nextCursor?: string;
  /** Only when asked for with `includeTotal`. */
  total?: number;
}

export interface PageRequest {
  limit?: number;
  cursor?: string;
}

export type ExportFormat = 'csv' | 'json';

/** A downloaded export: the file and the name the backend suggests. */
export interface AuditExport {
  blob: Blob;
  filename: string;
}

/** Why a link of the chain does not hold, e.g. `content-altered`, `missing-record`. */
export interface BrokenLink {
  seq: number;
  /** Absent when the record itself is missing. */
  id?: string;
  reason: string;
}

/** The result of walking the hash chain (`GET /verify`). */
export interface ChainVerification {
  ok: boolean;
  /** How many records were checked. */
  checked: number;
  /** Records checked by their links only, their content removed by retention. */
  contentPurged?: number;
  /** Where the walk started: genesis or the signed checkpoint of a retention cut. */
  anchor?: {
    seq?: number;
    hash?: string;
    status?:
      | 'genesis'
      | 'checkpoint-verified'
      | 'checkpoint-missing'
      | 'checkpoint-invalid';
  };
  head?: { seq?: number; hash?: string };
  /** The first record whose link to its predecessor does not hold. */
  firstBroken?: BrokenLink;
  checkpoints?: {
    checked?: number;
    invalid?: number;
    firstInvalid?: { seq: number; reason: string };
  };
}

/** A signed checkpoint of the chain: the hash at a seq, signed with Ed25519. */
export interface Checkpoint {
  seq: number;
  hash: string;
  signature: string;
  keyId: string;
  publicKey: string;
  kind: 'interval' | 'purge';
  createdAt: string;
}

/** A page of checkpoints, newest first, and the current signing key. */
export interface CheckpointPage {
  checkpoints: Checkpoint[];
  nextCursor?: string;
  signingKey: { keyId: string; publicKey: string; ephemeral: boolean };
}

/** The audit backend's REST API at `/api/audit`. Read-only. */
export interface AuditApi {
  /** Records matching the filters, newest first. */
  listRecords(
    filters: AuditFilters,
    page?: PageRequest & { includeTotal?: boolean },
  ): Promise<AuditRecordPage>;
  getRecord(id: string): Promise<AuditRecord>;
  /** The history of one resource, newest first. */
  getResourceTimeline(
    resourceType: string,
    resourceId: string,
    page?: PageRequest,
  ): Promise<AuditRecordPage>;
  /** Downloads the records matching the filters (with the user's token). */
  exportRecords(
    filters: AuditFilters,
    options: { format: ExportFormat; includeDetails: boolean },
  ): Promise<AuditExport>;
  /** What the signed-in user may do: read, export (possibly only some tenants' records) and verify. */
  getAccess(): Promise<AuditAccess>;
  verifyChain(): Promise<ChainVerification>;
  /** Signed checkpoints, newest first. */
  listCheckpoints(page?: PageRequest): Promise<CheckpointPage>;
}

export const auditApiRef = createApiRef<AuditApi>({ id: 'plugin.audit.api' });

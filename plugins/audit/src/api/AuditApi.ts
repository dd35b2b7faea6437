import { createApiRef } from '@backstage/frontend-plugin-api';
import { QueryParams } from '@controlplane/common';
import {
  Acknowledgement,
  AuditFilterQuery,
  AuditAccess,
  AuditApiOperations,
  AuditRecord,
  AuditRecordPage,
  CheckpointPage,
  VerifyReport,
} from '@controlplane/plugin-audit-common';

type ListQuery = QueryParams<AuditApiOperations['ListLogs']>;

/** The filters of the audit page (the API's query parameters). */
export type AuditFilters = AuditFilterQuery;

/** Which page of a list: its size and the previous page's `nextCursor`. */
export type PageRequest = Pick<ListQuery, 'limit' | 'cursor'>;

/** The file formats of an export. */
export type ExportFormat = NonNullable<
  QueryParams<AuditApiOperations['ExportLogs']>['format']
>;

/** A downloaded export: the file and the name the backend suggests. */
export interface AuditExport {
  blob: Blob;
  filename: string;
}

/** The audit backend's REST API at `/api/audit`; it only reads, but for acknowledgements. */
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
  /** Walks the hash chain (`GET /verify`). */
  verifyChain(): Promise<VerifyReport>;
  /** Signed checkpoints, newest first. */
  listCheckpoints(page?: PageRequest): Promise<CheckpointPage>;
  /** Acknowledges a broken range `verifyChain` reports, with the reason. */
  acknowledgeBrokenRange(range: {
    fromSeq: number;
    toSeq: number;
    reason: string;
  }): Promise<Acknowledgement>;
}

export const auditApiRef = createApiRef<AuditApi>({ id: 'plugin.audit.api' });

/**
 * The audit trail page: search and read the audit records, follow one
 * resource's history, export records and check the hash chain.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { auditApiRef, AuditClient } from './api';
export type {
  AuditApi,
  AuditExport,
  AuditFilters,
  ExportFormat,
  PageRequest,
} from './api';

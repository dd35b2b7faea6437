export { auditApiRef } from './AuditApi';
export type {
  AuditApi,
  AuditExport,
  AuditFilters,
  ExportFormat,
  PageRequest,
} from './AuditApi';
export { AuditClient } from './AuditClient';

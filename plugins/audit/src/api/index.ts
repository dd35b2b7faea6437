export { auditApiRef } from './AuditApi';
export type {
  AuditApi,
  AuditExport,
  AuditFilters,
  AuditRecordPage,
  BrokenLink,
  ChainVerification,
  Checkpoint,
  CheckpointPage,
  ExportFormat,
  PageRequest,
} from './AuditApi';
export { AuditClient } from './AuditClient';

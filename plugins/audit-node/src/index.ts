/**
 * Durable audit events for every plugin.
 *
 * @packageDocumentation
 */
export * from './auditTrail';
export { auditTrailServiceFactory } from './auditTrailServiceFactory';
export { auditorServiceFactory } from './auditorServiceFactory';
export { DefaultAuditTrail, describeAuditEvent } from './DefaultAuditTrail';
export type {
  AuditTrailMode,
  DefaultAuditTrailOptions,
} from './DefaultAuditTrail';

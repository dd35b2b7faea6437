/**
 * Shared parts of the audit plugin: its permissions, the audit record, the
 * hash chain and its verification (no Node built-ins, so the frontend can
 * import it too).
 *
 * @packageDocumentation
 */
export * from './types';
export * from './permissions';
export * from './chain';
export * from './exportFormat';
export { sha256Hex } from './sha256';
export type { AuditApiPaths, AuditApiOperations } from './generated';

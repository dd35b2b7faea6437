import { QueryParams } from '@controlplane/common';
import {
  AuditActorType,
  AuditApiOperations,
  AuditOutcome,
  AuditRecord,
  AuditSeverity,
} from './generated';

/**
 * The filters of the audit lists and the export, as the API's query
 * parameters name them (`from`/`to`: ISO 8601, inclusive).
 */
export type AuditFilterQuery = Pick<
  QueryParams<AuditApiOperations['ListLogs']>,
  | 'actor'
  | 'action'
  | 'resourceType'
  | 'resourceId'
  | 'tenant'
  | 'outcome'
  | 'severity'
  | 'from'
  | 'to'
>;

/** The actor types, as a list to check values against. */
export const AUDIT_ACTOR_TYPES = [
  'user',
  'operator',
  'app',
  'system',
] as const satisfies readonly AuditActorType[];

/** The outcomes, as a list to check values against. */
export const AUDIT_OUTCOMES = [
  'success',
  'failure',
] as const satisfies readonly AuditOutcome[];

/** The severities, least severe first. */
export const AUDIT_SEVERITIES = [
  'low',
  'medium',
  'high',
  'critical',
] as const satisfies readonly AuditSeverity[];

/** Whether `value` is one of `values`, e.g. of {@link AUDIT_SEVERITIES}. */
export function isOneOf<T extends string>(
  values: readonly T[],
  value: unknown,
): value is T {
  return (
    typeof value === 'string' && (values as readonly string[]).includes(value)
  );
}

/**
 * One audit event as it is handed to the audit store (not part of the REST
 * API): from any plugin's `coreServices.auditor` (through
 * `@controlplane/plugin-audit-node`) or posted by a managed application. It
 * is a stored {@link AuditRecord} without its place in the chain:
 *
 * - `source`: `plugin:<pluginId>` for plugin events, `app:<appName>` or
 *   `service:<subject>` for ingested ones; with `eventId` (the source's own
 *   id of the event) it makes ingestion idempotent;
 * - `timestamp`: ISO 8601 UTC; `actorId`: `user:default/ada`,
 *   `plugin:catalog`, ...; `action`: `<pluginId>.<event>`, e.g.
 *   `rbac.role-grant`;
 * - `metadata`: before/after values, reasons, the error of a failure; never
 *   secrets.
 */
export type AuditEventInput = Omit<
  AuditRecord,
  'id' | 'seq' | 'prevHash' | 'hash' | 'contentHash' | 'metadataHash'
>;

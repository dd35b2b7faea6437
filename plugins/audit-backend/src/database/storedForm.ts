import {
  AuditEventInput,
  canonicalMetadata,
  storableText,
} from '@controlplane/plugin-audit-common';

type TextField = {
  [K in keyof AuditEventInput]-?: AuditEventInput[K] extends string | undefined
    ? K
    : never;
}[keyof AuditEventInput];

const TEXT_FIELDS = [
  'source',
  'eventId',
  'actorId',
  'actorType',
  'action',
  'resourceType',
  'resourceId',
  'tenant',
  'outcome',
  'severity',
  'ip',
  'userAgent',
  'requestId',
] as const satisfies readonly TextField[];

/**
 * The event as the database will store and return it, on PostgreSQL and
 * SQLite alike (see `canonicalMetadata`): the store hashes this form, so
 * what /verify reads back always matches its hashes, whatever the content.
 * Lengths and enums are the callers' business (IngestionService).
 */
export function storedFormOf(event: AuditEventInput): AuditEventInput {
  const stored: AuditEventInput = {
    ...event,
    timestamp: new Date(event.timestamp).toISOString(),
    metadata: canonicalMetadata(event.metadata).value,
  };
  const fields = stored as unknown as Record<string, unknown>;
  for (const field of TEXT_FIELDS) {
    const value = fields[field];
    if (typeof value === 'string') fields[field] = storableText(value);
  }
  return stored;
}

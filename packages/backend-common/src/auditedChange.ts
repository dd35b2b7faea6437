import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';

/** What {@link auditedChange} needs to run one change as one audit event. */
export interface AuditedChangeOptions<T> {
  /** The plugin's auditor, which records the event. */
  auditor: AuditorService;
  /** The event's id, e.g. `app.updated`: names the kind of change. */
  eventId: string;
  /** How much the change matters to someone reading the trail. */
  severityLevel: AuditorServiceEventSeverityLevel;
  /** The meta the event ends with: success adds `successMeta`, fail keeps it. */
  meta: JsonObject;
  /** The meta the event is created with; `meta` when absent. */
  initialMeta?: JsonObject;
  /** The request the change answers; absent for changes without one. */
  request?: Parameters<HttpAuthService['credentials']>[0];
  /** The change itself, permission check included. */
  change: () => Promise<T>;
  /** Facts from the result that success adds to `meta`. */
  successMeta?: (result: T) => JsonObject;
}

/**
 * Runs a state change as exactly one audit event. The event is created before
 * `change` runs, so a change that starts with its permission check has denied
 * attempts on record too. Success records `meta` plus `successMeta(result)`;
 * failure records `meta` and the error, which is rethrown.
 */
export async function auditedChange<T>(
  options: AuditedChangeOptions<T>,
): Promise<T> {
  const { auditor, eventId, severityLevel, meta, request, change } = options;
  const event = await auditor.createEvent({
    eventId,
    severityLevel,
    meta: options.initialMeta ?? meta,
    ...(request ? { request } : {}),
  });
  try {
    const result = await change();
    const extra = options.successMeta?.(result) ?? {};
    await event.success({ meta: { ...meta, ...extra } });
    return result;
  } catch (error) {
    await event.fail({ meta, error: error as Error });
    throw error;
  }
}

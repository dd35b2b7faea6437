import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { fetchFromPlugin } from '@controlplane/backend-common';
import type {
  HistoryEntry,
  HistoryPage,
} from '@controlplane/plugin-flags-common';
import type { AuditRecord } from '@controlplane/plugin-audit-common';
import { FLAG_AUDIT_RESOURCE_TYPE } from './routes/types';

const textOf = (value: unknown) =>
  typeof value === 'string' ? value : undefined;

/** A flag change as the history shows it, from its audit record. */
function toEntry(record: AuditRecord): HistoryEntry {
  const meta = record.metadata as Record<string, unknown>;
  return {
    id: record.id,
    timestamp: record.timestamp,
    actor: record.actorId,
    action: record.action,
    outcome: record.outcome,
    severity: record.severity,
    ...(textOf(meta.reason) ? { reason: textOf(meta.reason) } : {}),
    ...(record.tenant ? { tenant: record.tenant } : {}),
    ...(meta.before !== undefined ? { before: meta.before } : {}),
    ...(meta.after !== undefined ? { after: meta.after } : {}),
  };
}

/**
 * A flag's change history, read from the audit trail (the audit plugin's
 * resource timeline) with this plugin's own service credentials: operators
 * holding `flags.flag.read` see the changes of flags without needing the
 * auditors' `audit.log.read`.
 */
export class FlagHistory {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  async page(
    key: string,
    options: { limit: number; cursor?: string },
  ): Promise<HistoryPage> {
    const query = new URLSearchParams({
      sort: 'desc',
      limit: String(options.limit),
      ...(options.cursor ? { cursor: options.cursor } : {}),
    });
    const response = await fetchFromPlugin(
      this.deps,
      'audit',
      `/resources/${FLAG_AUDIT_RESOURCE_TYPE}/${encodeURIComponent(
        key,
      )}?${query}`,
    );
    if (!response.ok) {
      throw new ServiceUnavailableError(
        `The audit trail did not answer the history of ${key} (${response.status})`,
      );
    }
    const body = (await response.json()) as {
      records: AuditRecord[];
      nextCursor?: string;
    };
    return {
      items: body.records.map(toEntry),
      ...(body.nextCursor ? { nextCursor: body.nextCursor } : {}),
    };
  }
}

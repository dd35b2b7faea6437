import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { fetchFromPlugin } from '@controlplane/backend-common';
import { TimelineEntry } from '@controlplane/plugin-incidents-common';
import { StoredIncident } from '../database/rows';

/** An audit record, as much of it as the timeline shows. */
interface AuditRecord {
  id: string;
  timestamp: string;
  actorId: string;
  action: string;
  resourceType?: string;
  resourceId?: string;
  tenant?: string;
  metadata: Record<string, unknown>;
}

/** The most records read per question and side of the opening. */
const PAGE = 100;
/** The most tenants asked about one by one. */
const MAX_TENANTS = 5;

/**
 * What changed around an incident, from the audit trail (every plugin's
 * changes are audited, so no integration per plugin is needed): the
 * successful changes of its tenants, and the platform-wide ones that reach
 * every tenant (flags) or its entities (promotions), between a window
 * before it opened and its resolution. Read over the audit plugin's REST
 * API with the incidents plugin's own service credentials.
 */
export class RelatedChanges {
  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  /**
   * The related changes, oldest first; undefined when the trail cannot be
   * read at all (a question that fails leaves the others' answers).
   */
  async around(
    incident: StoredIncident,
    hoursBefore: number,
  ): Promise<TimelineEntry[] | undefined> {
    const opened = incident.openedAt;
    const from = new Date(
      new Date(opened).getTime() - hoursBefore * 3_600_000,
    ).toISOString();
    const to = incident.resolvedAt ?? new Date().toISOString();
    const tenants = incident.affectedTenants.slice(0, MAX_TENANTS);
    const entities = new Set(incident.entities);
    const questions: Record<string, string>[] = [
      ...tenants.map(tenant => ({ tenant })),
      { action: 'flags.*' },
      { action: 'promotions.*' },
    ];
    // Per question, the changes nearest the opening on both sides: the
    // newest before it (the likely causes) and the oldest after it.
    const answers = await Promise.allSettled(
      questions.flatMap(question => [
        this.records({ ...question, from, to: opened, sort: 'desc' }),
        this.records({ ...question, from: opened, to, sort: 'asc' }),
      ]),
    );
    const failed = answers.filter(
      (answer): answer is PromiseRejectedResult => answer.status === 'rejected',
    );
    if (failed.length > 0) {
      this.options.logger.warn(
        `Could not read all of the audit trail for incident ${incident.id}: ${failed[0].reason}`,
      );
    }
    if (failed.length === answers.length) return undefined;
    const byId = new Map<string, AuditRecord>();
    for (const answer of answers) {
      if (answer.status !== 'fulfilled') continue;
      for (const record of answer.value) {
        if (
          record.action.startsWith('promotions.') &&
          !(record.tenant && tenants.includes(record.tenant)) &&
          !mentionsEntity(record, entities)
        ) {
          continue;
        }
        byId.set(record.id, record);
      }
    }
    return [...byId.values()]
      .sort(
        (a, b) =>
          a.timestamp.localeCompare(b.timestamp) || a.id.localeCompare(b.id),
      )
      .map(toEntry);
  }

  private async records(query: Record<string, string>): Promise<AuditRecord[]> {
    const params = { ...query, outcome: 'success', limit: String(PAGE) };
    // Every value percent-encoded, `*` included (the contract refuses a raw
    // one; URLSearchParams and encodeURIComponent leave it as is).
    const search = Object.entries(params)
      .map(
        ([key, value]) =>
          `${key}=${encodeURIComponent(value).replace(/\*/g, '%2A')}`,
      )
      .join('&');
    const response = await fetchFromPlugin(
      this.options,
      'audit',
      `/logs?${search}`,
    );
    if (!response.ok) {
      throw new Error(`GET /logs answered ${response.status}`);
    }
    const body = (await response.json()) as { records?: AuditRecord[] };
    return body.records ?? [];
  }
}

/** Whether an audit record names one of the entities (its target, mostly). */
function mentionsEntity(record: AuditRecord, entities: Set<string>): boolean {
  if (entities.size === 0) return false;
  const text = JSON.stringify(record.metadata ?? {});
  for (const entity of entities) {
    if (text.includes(`"${entity}"`)) return true;
  }
  return false;
}

function toEntry(record: AuditRecord): TimelineEntry {
  const resource =
    record.resourceType && record.resourceId
      ? `${record.resourceType} ${record.resourceId}`
      : record.resourceType ?? null;
  return {
    id: `audit:${record.id}`,
    kind: record.action,
    actor: record.actorId,
    at: record.timestamp,
    summary: `${record.action}${resource ? ` on ${resource}` : ''}${
      record.tenant ? ` (${record.tenant})` : ''
    }`,
    related: true,
    tenant: record.tenant ?? null,
    resource,
  };
}

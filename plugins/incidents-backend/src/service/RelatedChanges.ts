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

/** The most records read per question. */
const PAGE = 200;
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

  /** The related changes, oldest first; undefined when the trail cannot be read. */
  async around(
    incident: StoredIncident,
    hoursBefore: number,
  ): Promise<TimelineEntry[] | undefined> {
    const from = new Date(
      new Date(incident.openedAt).getTime() - hoursBefore * 3_600_000,
    ).toISOString();
    const to = incident.resolvedAt ?? new Date().toISOString();
    const tenants = incident.affectedTenants.slice(0, MAX_TENANTS);
    const entities = new Set(incident.entities);
    try {
      const pages = await Promise.all([
        ...tenants.map(tenant => this.records({ tenant, from, to })),
        this.records({ action: 'flags.*', from, to }),
        this.records({ action: 'promotions.*', from, to }),
      ]);
      const byId = new Map<string, AuditRecord>();
      for (const record of pages.flat()) {
        if (
          record.action.startsWith('promotions.') &&
          !(record.tenant && tenants.includes(record.tenant)) &&
          !mentionsEntity(record, entities)
        ) {
          continue;
        }
        byId.set(record.id, record);
      }
      return [...byId.values()]
        .sort((a, b) => a.timestamp.localeCompare(b.timestamp))
        .map(toEntry);
    } catch (error) {
      this.options.logger.warn(
        `Could not read the audit trail for incident ${incident.id}: ${error}`,
      );
      return undefined;
    }
  }

  private async records(query: Record<string, string>): Promise<AuditRecord[]> {
    const params = new URLSearchParams({
      ...query,
      outcome: 'success',
      sort: 'asc',
      limit: String(PAGE),
    });
    const response = await fetchFromPlugin(
      this.options,
      'audit',
      `/logs?${params}`,
    );
    if (!response.ok) {
      throw new Error(`GET /logs answered ${response.status}`);
    }
    const body = (await response.json()) as { items?: AuditRecord[] };
    return body.items ?? [];
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

import { randomUUID } from 'node:crypto';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  applyPermissionFilter,
  ColumnFilter,
  decodeCursor,
  KnexStore,
  RowPage,
  toPage,
} from '@controlplane/backend-common';
import type {
  Incident,
  TimelineEntry,
} from '@controlplane/plugin-incidents-common';
import {
  IncidentRow,
  StoredIncident,
  TimelineRow,
  toIncident,
  toTimelineEntry,
} from './rows';

const INCIDENTS = 'incidents';
const ENTITIES = 'incident_entities';
const TIMELINE = 'incident_timeline';

/** What lists filter on. */
export interface IncidentQuery {
  statuses?: Incident['status'][];
  severities?: Incident['severity'][];
  tenant?: string;
  category?: Incident['category'];
  /** A user ref, or null for the unassigned. */
  assignee?: string | null;
  entity?: string;
  source?: Incident['source'];
  limit: number;
  cursor?: string;
  filter?: PermissionCriteria<ColumnFilter>;
}

/** All SQL of incidents, their entities and their timelines. */
export class IncidentsStore extends KnexStore {
  /**
   * Inserts an incident; for an automatic one whose signal key is open
   * already, inserts nothing and answers false (the unique key decides).
   */
  async insert(row: IncidentRow): Promise<boolean> {
    const inserted = await this.db<IncidentRow>(INCIDENTS)
      .insert(row)
      .onConflict('open_signal_key')
      .ignore()
      .returning('id');
    if (inserted.length === 0) return false;
    await this.writeEntities(row.id, JSON.parse(row.entities));
    return true;
  }

  async byId(id: string): Promise<StoredIncident | undefined> {
    const row = await this.db<IncidentRow>(INCIDENTS).where({ id }).first();
    return row && toIncident(row);
  }

  /** The incident, row-locked on PostgreSQL until the transaction ends. */
  async lock(id: string): Promise<StoredIncident | undefined> {
    const row = await this.forUpdate(
      this.db<IncidentRow>(INCIDENTS).where({ id }),
    ).first();
    return row && toIncident(row);
  }

  /** The open ticket of a signal key, locked. */
  async lockBySignalKey(key: string): Promise<StoredIncident | undefined> {
    const row = await this.forUpdate(
      this.db<IncidentRow>(INCIDENTS).where({ open_signal_key: key }),
    ).first();
    return row && toIncident(row);
  }

  async update(id: string, patch: Partial<IncidentRow>): Promise<void> {
    await this.db<IncidentRow>(INCIDENTS).where({ id }).update(patch);
    if (patch.entities !== undefined) {
      await this.db(ENTITIES).where({ incident_id: id }).delete();
      await this.writeEntities(id, JSON.parse(patch.entities));
    }
  }

  private async writeEntities(id: string, refs: string[]): Promise<void> {
    if (refs.length === 0) return;
    await this.db(ENTITIES).insert(
      [...new Set(refs)].map(ref => ({ incident_id: id, entity_ref: ref })),
    );
  }

  /** Incidents newest first from the cursor on, within the caller's filter. */
  async page(query: IncidentQuery): Promise<RowPage<StoredIncident>> {
    const after = decodeCursor(query.cursor, ['o', 'i']);
    const builder = this.db<IncidentRow>(INCIDENTS);
    if (query.statuses) builder.whereIn('status', query.statuses);
    if (query.severities) builder.whereIn('severity', query.severities);
    if (query.tenant) builder.where('tenant', query.tenant);
    if (query.category) builder.where('category', query.category);
    if (query.source) builder.where('source', query.source);
    if (query.assignee === null) builder.whereNull('assignee');
    else if (query.assignee) builder.where('assignee', query.assignee);
    if (query.entity) {
      builder.whereIn(
        'id',
        this.db(ENTITIES)
          .where('entity_ref', query.entity)
          .select('incident_id'),
      );
    }
    if (query.filter) applyPermissionFilter(builder, query.filter);
    if (after) {
      builder.whereRaw('(opened_at, id) < (?, ?)', [after.o, after.i]);
    }
    const rows = await builder
      .orderBy([
        { column: 'opened_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(query.limit + 1);
    return toPage(rows.map(toIncident), query.limit, incident => ({
      o: incident.openedAt,
      i: incident.id,
    }));
  }

  /** Open incidents by severity and the oldest one's opening, in one query. */
  async openSummary(
    filter?: PermissionCriteria<ColumnFilter>,
  ): Promise<{ severity: string; count: number; oldest: string | null }[]> {
    const builder = this.db(INCIDENTS)
      .whereIn('status', ['open', 'in_progress'])
      .select('severity')
      .count({ count: '*' })
      .min({ oldest: 'opened_at' })
      .groupBy('severity');
    if (filter) applyPermissionFilter(builder, filter);
    const rows = (await builder) as unknown as Array<{
      severity: string;
      count: string | number;
      oldest: unknown;
    }>;
    return rows.map(row => ({
      severity: row.severity,
      count: Number(row.count),
      oldest: row.oldest ? new Date(row.oldest as string).toISOString() : null,
    }));
  }

  /** Open incidents per tenant and severity (one grouped query). */
  async openPerTenant(): Promise<
    { tenant: string | null; severity: string; count: number }[]
  > {
    const rows = (await this.db(INCIDENTS)
      .whereIn('status', ['open', 'in_progress'])
      .select('tenant', 'severity')
      .count({ count: '*' })
      .groupBy('tenant', 'severity')) as unknown as Array<{
      tenant: string | null;
      severity: string;
      count: string | number;
    }>;
    return rows.map(row => ({
      tenant: row.tenant ?? null,
      severity: row.severity,
      count: Number(row.count),
    }));
  }

  /** The most severe open incidents, oldest first within a severity. */
  async openQueue(limit: number): Promise<StoredIncident[]> {
    const rows = await this.db<IncidentRow>(INCIDENTS)
      .whereIn('status', ['open', 'in_progress'])
      .orderBy([
        { column: 'severity', order: 'asc' },
        { column: 'opened_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(limit);
    return rows.map(toIncident);
  }

  /** Appends a timeline entry (never updated or deleted). */
  async addEntry(entry: {
    incidentId: string;
    kind: string;
    actor: string;
    summary: string;
    details?: object;
    at: string;
  }): Promise<TimelineEntry> {
    const [{ n }] = await this.db(TIMELINE)
      .where({ incident_id: entry.incidentId })
      .count({ n: '*' });
    const row: TimelineRow = {
      id: randomUUID(),
      incident_id: entry.incidentId,
      seq: Number(n) + 1,
      kind: entry.kind,
      actor: entry.actor,
      summary: entry.summary,
      details: entry.details ? JSON.stringify(entry.details) : null,
      at: entry.at,
    };
    await this.db<TimelineRow>(TIMELINE).insert(row);
    return toTimelineEntry(row);
  }

  async timeline(incidentId: string): Promise<TimelineEntry[]> {
    const rows = await this.db<TimelineRow>(TIMELINE)
      .where({ incident_id: incidentId })
      .orderBy('seq');
    return rows.map(toTimelineEntry);
  }
}

import { randomUUID } from 'node:crypto';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { Change, ColumnFilter } from '@controlplane/backend-common';
import {
  Incident,
  INCIDENT_NOTIFICATION_TOPICS,
  IncidentPage,
  IncidentPatch,
  NewIncident,
  Signal,
  PlatformIncidentSummary,
  Summary,
  TimelineEntry,
  TRANSITIONS,
} from '@controlplane/plugin-incidents-common';
import { IncidentQuery } from '../database/IncidentsStore';
import { IncidentRow, StoredIncident } from '../database/rows';
import { IncidentsStores } from '../database/stores';
import { Announcer } from './Announcer';

/** The fields a patch may change, with how the timeline names them. */
const FIELDS: Record<keyof IncidentPatch, keyof IncidentRow> = {
  title: 'title',
  description: 'description',
  severity: 'severity',
  priority: 'priority',
  category: 'category',
  affectedTenants: 'affected_tenants',
  entities: 'entities',
  assignee: 'assignee',
  commander: 'commander',
  watchers: 'watchers',
};
const JSON_FIELDS = new Set(['affectedTenants', 'entities', 'watchers']);

type Action = keyof typeof TRANSITIONS;

const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];

const summaryOf = (incident: StoredIncident) => ({
  title: incident.title,
  severity: incident.severity,
  priority: incident.priority,
  category: incident.category,
  tenant: incident.tenant,
  entities: incident.entities,
});

const pick = (incident: StoredIncident, fields: string[]) =>
  Object.fromEntries(
    fields.map(field => [
      field,
      (incident as unknown as Record<string, unknown>)[field] ?? null,
    ]),
  ) as Record<string, never>;

/**
 * Incidents and tickets: opening (by people or by signals, deduplicated by
 * key), changes, the status workflow and comments. Each change runs under
 * the incident's row lock and appends to its timeline in the same
 * transaction; the event and notifications follow the commit.
 */
export class IncidentsService {
  constructor(
    private readonly options: {
      stores: IncidentsStores;
      announcer: Announcer;
      now?: () => Date;
    },
  ) {}

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  get(id: string): Promise<StoredIncident | undefined> {
    return this.options.stores.incidents.byId(id);
  }

  async page(query: IncidentQuery): Promise<IncidentPage> {
    const page = await this.options.stores.incidents.page(query);
    return {
      items: page.rows,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  /** Open incidents per severity and tenant, and the queue, for dashboards. */
  async platformSummary(now: Date): Promise<PlatformIncidentSummary> {
    const { incidents } = this.options.stores;
    const [counts, queue] = await Promise.all([
      incidents.openPerTenant(),
      incidents.openQueue(50),
    ]);
    const bySeverity = () =>
      Object.fromEntries(SEVERITIES.map(severity => [severity, 0]));
    const total = { open: 0, bySeverity: bySeverity() };
    const tenants = new Map<string | null, typeof total>();
    for (const row of counts) {
      let tenant = tenants.get(row.tenant);
      if (!tenant) {
        tenant = { open: 0, bySeverity: bySeverity() };
        tenants.set(row.tenant, tenant);
      }
      for (const sums of [tenant, total]) {
        sums.open += row.count;
        sums.bySeverity[row.severity] =
          (sums.bySeverity[row.severity] ?? 0) + row.count;
      }
    }
    return {
      generatedAt: now.toISOString(),
      ...total,
      byTenant: [...tenants.entries()].map(([tenant, sums]) => ({
        tenant,
        ...sums,
      })),
      queue: queue.map(incident => ({
        id: incident.id,
        title: incident.title,
        severity: incident.severity,
        priority: incident.priority,
        status: incident.status,
        tenant: incident.tenant,
        assignee: incident.assignee ?? null,
        openedAt: incident.openedAt,
        updatedAt: incident.updatedAt,
      })),
    };
  }

  async summary(filter?: PermissionCriteria<ColumnFilter>): Promise<Summary> {
    const rows = await this.options.stores.incidents.openSummary(filter);
    const oldest = rows
      .map(row => row.oldest)
      .filter((o): o is string => !!o)
      .sort()[0];
    return {
      open: rows.reduce((sum, row) => sum + row.count, 0),
      bySeverity: Object.fromEntries(
        SEVERITIES.map(severity => [
          severity,
          rows.find(row => row.severity === severity)?.count ?? 0,
        ]),
      ),
      oldestOpenedAt: oldest ?? null,
    };
  }

  /** The incident about to be opened (its permission is checked on it). */
  draft(
    input: NewIncident,
    reporter: string,
    source: Incident['source'] = 'manual',
  ): StoredIncident {
    const now = this.now();
    const tenant = input.tenant ?? null;
    return {
      id: randomUUID(),
      title: input.title.trim(),
      ...(input.description ? { description: input.description } : {}),
      severity: input.severity,
      priority: input.priority,
      category: input.category,
      status: 'open',
      tenant,
      affectedTenants: [
        ...new Set([
          ...(tenant ? [tenant] : []),
          ...(input.affectedTenants ?? []),
        ]),
      ],
      entities: [...new Set(input.entities ?? [])],
      reporter,
      assignee: input.assignee ?? null,
      commander: null,
      watchers: [...new Set(input.watchers ?? [])],
      source,
      signalKey: null,
      signalCount: 0,
      lastSignalAt: null,
      openedAt: now,
      acknowledgedAt: null,
      resolvedAt: null,
      closedAt: null,
      updatedAt: now,
      timeToAcknowledgeSeconds: null,
      timeToResolveSeconds: null,
    };
  }

  async create(draft: StoredIncident): Promise<Change<StoredIncident>> {
    await this.options.stores.transaction(async trx => {
      await trx.incidents.insert(toRow(draft));
      await trx.incidents.addEntry({
        incidentId: draft.id,
        kind: 'created',
        actor: draft.reporter,
        summary: `Opened as ${draft.severity}, priority ${draft.priority}`,
        at: draft.openedAt,
      });
    });
    await this.options.announcer.event('incident.opened', draft);
    await this.options.announcer.notify(
      draft,
      [draft.assignee],
      'opened and assigned to you',
      { topic: INCIDENT_NOTIFICATION_TOPICS.assigned, actor: draft.reporter },
    );
    await this.options.announcer.notify(
      draft,
      draft.watchers.filter(watcher => watcher !== draft.assignee),
      'opened',
      { topic: INCIDENT_NOTIFICATION_TOPICS.updated, actor: draft.reporter },
    );
    return { result: draft, audit: { after: summaryOf(draft) } };
  }

  /**
   * A signal from another plugin or a service: a new automatic ticket, or,
   * while one with the same key is not closed, an update of it (count, last
   * seen, a timeline entry; a resolved one reopens). Two instances taking
   * the same signal at once open one ticket: the unique open key decides.
   */
  async signal(
    signal: Signal,
    actor: string,
  ): Promise<Change<{ incident: StoredIncident; created: boolean }>> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = this.now();
      const outcome = await this.options.stores.transaction(async trx => {
        const open = await trx.incidents.lockBySignalKey(signal.key);
        if (open) {
          const reopen = open.status === 'resolved';
          await trx.incidents.update(open.id, {
            signal_count: open.signalCount + 1,
            last_signal_at: now,
            updated_at: now,
            ...(reopen ? { status: 'open', resolved_at: null } : {}),
          });
          await trx.incidents.addEntry({
            incidentId: open.id,
            kind: 'signal',
            actor,
            summary: reopen
              ? `The signal came again: reopened (seen ${
                  open.signalCount + 1
                } times)`
              : `The signal came again (seen ${open.signalCount + 1} times)`,
            details: { key: signal.key },
            at: now,
          });
          return { id: open.id, created: false, reopened: reopen };
        }
        const { key, ...fields } = signal;
        const draft = this.draft(
          { ...fields, priority: signal.priority ?? 'medium' },
          actor,
          'automatic',
        );
        const inserted = await trx.incidents.insert({
          ...toRow(draft),
          signal_key: signal.key,
          open_signal_key: signal.key,
          signal_count: 1,
          last_signal_at: now,
        });
        if (!inserted) return undefined;
        await trx.incidents.addEntry({
          incidentId: draft.id,
          kind: 'created',
          actor,
          summary: `Opened automatically by the signal ${signal.key}`,
          details: { key: signal.key },
          at: now,
        });
        return { id: draft.id, created: true, reopened: false };
      });
      if (!outcome) continue; // another instance opened it just now
      const incident = (await this.get(outcome.id))!;
      if (outcome.created) {
        await this.options.announcer.event('incident.opened', incident);
      } else if (outcome.reopened) {
        await this.options.announcer.event('incident.status-changed', incident);
      }
      return {
        result: { incident, created: outcome.created },
        audit: {
          key: signal.key,
          created: outcome.created,
          signalCount: incident.signalCount,
        },
      };
    }
    throw new ConflictError(`The signal ${signal.key} could not be recorded`);
  }

  async update(
    id: string,
    patch: IncidentPatch,
    actor: string,
  ): Promise<Change<StoredIncident>> {
    const now = this.now();
    const { before, changed } = await this.options.stores.transaction(
      async trx => {
        const incident = await locked(trx, id);
        const columns: Partial<IncidentRow> = { updated_at: now };
        const names: string[] = [];
        for (const [field, column] of Object.entries(FIELDS) as Array<
          [keyof IncidentPatch, keyof IncidentRow]
        >) {
          const value = patch[field];
          if (value === undefined) continue;
          const current = incident[field as keyof StoredIncident] ?? null;
          if (JSON.stringify(current) === JSON.stringify(value)) continue;
          (columns as Record<string, unknown>)[column] = JSON_FIELDS.has(field)
            ? JSON.stringify(value)
            : value;
          names.push(field);
          await trx.incidents.addEntry({
            incidentId: id,
            kind: 'field',
            actor,
            summary: describeChange(field, current, value),
            details: { field, before: current, after: value },
            at: now,
          });
        }
        if (names.length) await trx.incidents.update(id, columns);
        return { before: incident, changed: names };
      },
    );
    const after = (await this.get(id))!;
    if (changed.includes('severity')) {
      await this.options.announcer.event('incident.severity-changed', after);
    }
    if (changed.includes('assignee')) {
      await this.options.announcer.notify(
        after,
        [after.assignee],
        'assigned to you',
        { topic: INCIDENT_NOTIFICATION_TOPICS.assigned, actor },
      );
    }
    if (changed.length) {
      await this.options.announcer.notify(
        after,
        after.watchers,
        `${changed.join(', ')} changed`,
        { topic: INCIDENT_NOTIFICATION_TOPICS.updated, actor },
      );
    }
    return {
      result: after,
      audit: {
        tenant: after.tenant,
        changed,
        before: pick(before, changed),
        after: pick(after, changed),
      },
    };
  }

  async transition(
    id: string,
    action: Action,
    actor: string,
    note?: string,
  ): Promise<Change<StoredIncident>> {
    if (action === 'resolve' && !note?.trim()) {
      throw new InputError('Resolving needs a note: what fixed it');
    }
    const now = this.now();
    const before = await this.options.stores.transaction(async trx => {
      const incident = await locked(trx, id);
      const move = TRANSITIONS[action];
      if (!move.from.includes(incident.status)) {
        throw new ConflictError(
          `You cannot ${action} an incident that is ${incident.status}`,
        );
      }
      const columns: Partial<IncidentRow> = {
        status: move.to,
        updated_at: now,
      };
      if (action === 'start' && !incident.acknowledgedAt) {
        columns.acknowledged_at = now;
      }
      if (action === 'resolve') {
        columns.resolved_at = now;
        if (!incident.acknowledgedAt) columns.acknowledged_at = now;
      }
      if (action === 'close') {
        columns.closed_at = now;
        // A later signal with the same key opens a new ticket.
        columns.open_signal_key = null;
      }
      if (action === 'reopen') {
        columns.resolved_at = null;
        columns.closed_at = null;
        if (incident.signalKey && incident.status === 'closed') {
          columns.open_signal_key = incident.signalKey;
        }
      }
      await trx.incidents.update(id, columns);
      await trx.incidents.addEntry({
        incidentId: id,
        kind: 'status',
        actor,
        summary: `${incident.status} → ${move.to}${note ? `: ${note}` : ''}`,
        details: { action, from: incident.status, to: move.to },
        at: now,
      });
      return incident;
    });
    const after = (await this.get(id))!;
    await this.options.announcer.event('incident.status-changed', after);
    await this.options.announcer.notify(
      after,
      [after.reporter, after.assignee, ...after.watchers],
      after.status.replace('_', ' '),
      { topic: INCIDENT_NOTIFICATION_TOPICS.updated, actor },
    );
    return {
      result: after,
      audit: {
        tenant: after.tenant,
        action,
        before: { status: before.status },
        after: { status: after.status },
        note: note ?? null,
      },
    };
  }

  async comment(
    id: string,
    body: string,
    actor: string,
  ): Promise<Change<TimelineEntry>> {
    const now = this.now();
    const entry = await this.options.stores.transaction(async trx => {
      await locked(trx, id);
      const added = await trx.incidents.addEntry({
        incidentId: id,
        kind: 'comment',
        actor,
        summary: body.trim(),
        at: now,
      });
      await trx.incidents.update(id, { updated_at: now });
      return added;
    });
    const incident = (await this.get(id))!;
    await this.options.announcer.notify(
      incident,
      [incident.assignee, incident.commander, ...incident.watchers],
      'new comment',
      { topic: INCIDENT_NOTIFICATION_TOPICS.updated, actor },
    );
    return { result: entry, audit: { tenant: incident.tenant } };
  }

  timeline(id: string): Promise<TimelineEntry[]> {
    return this.options.stores.incidents.timeline(id);
  }
}

async function locked(
  trx: IncidentsStores,
  id: string,
): Promise<StoredIncident> {
  const incident = await trx.incidents.lock(id);
  if (!incident) throw new NotFoundError(`No incident ${id}`);
  return incident;
}

function toRow(incident: StoredIncident): IncidentRow {
  return {
    id: incident.id,
    title: incident.title,
    description: incident.description ?? null,
    severity: incident.severity,
    priority: incident.priority,
    category: incident.category,
    status: incident.status,
    tenant: incident.tenant,
    affected_tenants: JSON.stringify(incident.affectedTenants),
    entities: JSON.stringify(incident.entities),
    reporter: incident.reporter,
    assignee: incident.assignee ?? null,
    commander: incident.commander ?? null,
    watchers: JSON.stringify(incident.watchers),
    source: incident.source,
    signal_key: incident.signalKey ?? null,
    open_signal_key: null,
    signal_count: incident.signalCount,
    last_signal_at: incident.lastSignalAt ?? null,
    opened_at: incident.openedAt,
    acknowledged_at: null,
    resolved_at: null,
    closed_at: null,
    updated_at: incident.updatedAt,
  };
}

function describeChange(field: string, before: unknown, after: unknown) {
  const show = (value: unknown) => {
    if (value === null || value === undefined) return 'nobody';
    if (Array.isArray(value)) return value.join(', ') || 'none';
    return String(value);
  };
  if (field === 'description') return 'Description changed';
  return `${field}: ${show(before)} → ${show(after)}`;
}

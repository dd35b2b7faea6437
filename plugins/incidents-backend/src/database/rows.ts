import { DbTime, toIso, toIsoOrNull } from '@controlplane/backend-common';
import type {
  Incident,
  MaintenanceWindow,
  TimelineEntry,
} from '@controlplane/plugin-incidents-common';

/** A row of `incidents`. */
export interface IncidentRow {
  id: string;
  title: string;
  description: string | null;
  severity: Incident['severity'];
  priority: Incident['priority'];
  category: Incident['category'];
  status: Incident['status'];
  tenant: string | null;
  affected_tenants: string;
  entities: string;
  reporter: string;
  assignee: string | null;
  commander: string | null;
  watchers: string;
  source: Incident['source'];
  signal_key: string | null;
  open_signal_key: string | null;
  signal_count: number;
  last_signal_at: DbTime | null;
  opened_at: DbTime;
  acknowledged_at: DbTime | null;
  resolved_at: DbTime | null;
  closed_at: DbTime | null;
  updated_at: DbTime;
}

/** An incident as stored (no per-caller parts). */
export type StoredIncident = Omit<Incident, 'allowed'>;

const seconds = (from: string, to: string | null) =>
  to === null
    ? null
    : Math.round((new Date(to).getTime() - new Date(from).getTime()) / 1000);

export function toIncident(row: IncidentRow): StoredIncident {
  const openedAt = toIso(row.opened_at);
  const acknowledgedAt = toIsoOrNull(row.acknowledged_at);
  const resolvedAt = toIsoOrNull(row.resolved_at);
  return {
    id: row.id,
    title: row.title,
    ...(row.description !== null ? { description: row.description } : {}),
    severity: row.severity,
    priority: row.priority,
    category: row.category,
    status: row.status,
    tenant: row.tenant,
    affectedTenants: JSON.parse(row.affected_tenants),
    entities: JSON.parse(row.entities),
    reporter: row.reporter,
    assignee: row.assignee,
    commander: row.commander,
    watchers: JSON.parse(row.watchers),
    source: row.source,
    signalKey: row.signal_key,
    signalCount: Number(row.signal_count),
    lastSignalAt: toIsoOrNull(row.last_signal_at),
    openedAt,
    acknowledgedAt,
    resolvedAt,
    closedAt: toIsoOrNull(row.closed_at),
    updatedAt: toIso(row.updated_at),
    timeToAcknowledgeSeconds: seconds(openedAt, acknowledgedAt),
    timeToResolveSeconds: seconds(openedAt, resolvedAt),
  };
}

/** A row of `incident_timeline`. */
export interface TimelineRow {
  id: string;
  incident_id: string;
  seq: number;
  kind: string;
  actor: string;
  summary: string;
  details: string | null;
  at: DbTime;
}

export function toTimelineEntry(row: TimelineRow): TimelineEntry {
  return {
    id: row.id,
    kind: row.kind,
    actor: row.actor,
    at: toIso(row.at),
    summary: row.summary,
    ...(row.details ? { details: JSON.parse(row.details) } : {}),
    related: false,
  };
}

/** A row of `maintenance_windows`. */
export interface WindowRow {
  id: string;
  title: string;
  description: string | null;
  environment: MaintenanceWindow['environment'];
  tenant: string | null;
  operations: string;
  starts_at: DbTime;
  ends_at: DbTime;
  created_by: string;
  created_at: DbTime;
  cancelled_at: DbTime | null;
  cancelled_by: string | null;
}

/** A row of `maintenance_overrides`. */
export interface OverrideRow {
  id: string;
  window_id: string;
  operation: MaintenanceWindow['operations'][number];
  reason: string;
  requested_by: string;
  requested_at: DbTime;
  approved_by: string | null;
  approved_at: DbTime | null;
}

export function toWindow(
  row: WindowRow,
  overrides: OverrideRow[],
  now: Date,
): MaintenanceWindow {
  const startsAt = toIso(row.starts_at);
  const endsAt = toIso(row.ends_at);
  const cancelledAt = toIsoOrNull(row.cancelled_at);
  const at = now.toISOString();
  return {
    id: row.id,
    title: row.title,
    ...(row.description !== null ? { description: row.description } : {}),
    environment: row.environment,
    tenant: row.tenant,
    operations: JSON.parse(row.operations),
    startsAt,
    endsAt,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    ...(cancelledAt ? { cancelledAt } : {}),
    ...(row.cancelled_by ? { cancelledBy: row.cancelled_by } : {}),
    active: !cancelledAt && startsAt <= at && endsAt > at,
    overrides: overrides.map(o => ({
      id: o.id,
      operation: o.operation,
      reason: o.reason,
      requestedBy: o.requested_by,
      requestedAt: toIso(o.requested_at),
      ...(o.approved_by ? { approvedBy: o.approved_by } : {}),
      ...(o.approved_at ? { approvedAt: toIso(o.approved_at) } : {}),
    })),
  };
}

import { createApiRef } from '@backstage/frontend-plugin-api';
import { QueryParams, RequestBody } from '@controlplane/common';
import {
  Incident,
  IncidentPage,
  IncidentPatch,
  IncidentsApiOperations,
  MaintenanceWindow,
  NewIncident,
  NewMaintenance,
  Operation,
  Summary,
  TimelineEntry,
} from '@controlplane/plugin-incidents-common';

type Operations = IncidentsApiOperations;

/** What the queue asks for: status, severity, tenant, category, assignee, entity, paging. */
export type IncidentQuery = QueryParams<Operations['ListIncidents']>;
/** A move of the status workflow, with its note (required to resolve). */
export type TransitionInput = RequestBody<Operations['TransitionIncident']>;
/** An incident's timeline, with whether the related changes could be read. */
export interface Timeline {
  items: TimelineEntry[];
  relatedAvailable: boolean;
}

/**
 * The incidents backend's REST API at `/api/incidents`. Every type comes
 * from its openapi.yaml (generated into the -common package).
 */
export interface IncidentsApi {
  listIncidents(query?: IncidentQuery): Promise<IncidentPage>;
  summary(): Promise<Summary>;
  getIncident(id: string): Promise<Incident>;
  createIncident(incident: NewIncident): Promise<Incident>;
  updateIncident(id: string, patch: IncidentPatch): Promise<Incident>;
  transition(id: string, move: TransitionInput): Promise<Incident>;
  comment(id: string, body: string): Promise<TimelineEntry>;
  timeline(id: string, hoursBefore?: number): Promise<Timeline>;
  listMaintenance(all?: boolean): Promise<{ items: MaintenanceWindow[] }>;
  scheduleMaintenance(window: NewMaintenance): Promise<MaintenanceWindow>;
  cancelMaintenance(id: string, reason?: string): Promise<MaintenanceWindow>;
  requestOverride(
    id: string,
    operation: Operation,
    reason: string,
  ): Promise<MaintenanceWindow>;
  approveOverride(
    id: string,
    overrideId: string,
    comment?: string,
  ): Promise<MaintenanceWindow>;
}

export const incidentsApiRef = createApiRef<IncidentsApi>({
  id: 'plugin.incidents.api',
});

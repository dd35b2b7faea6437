import { usePermission } from '@backstage/plugin-permission-react';
import { usePageAccess } from '@controlplane/frontend-common';
import {
  Incident,
  incidentsIncidentCreatePermission,
  incidentsIncidentReadPermission,
  incidentsIncidentUpdatePermission,
  incidentsMaintenanceManagePermission,
  incidentsMaintenanceOverridePermission,
} from '@controlplane/plugin-incidents-common';

const NAMES = [
  incidentsIncidentReadPermission.name,
  incidentsIncidentCreatePermission.name,
  incidentsIncidentUpdatePermission.name,
  incidentsMaintenanceManagePermission.name,
  incidentsMaintenanceOverridePermission.name,
];

/** What the user may do with incidents at all; all false until the answer arrives. */
export interface IncidentsAccess {
  loading: boolean;
  /** Holds incidents.incident.read for some tenant. */
  read: boolean;
  /** Holds incidents.incident.create for some tenant: "New incident". */
  create: boolean;
  /** Schedules and cancels maintenance windows. */
  manageMaintenance: boolean;
  /** Asks for and approves overrides of maintenance windows. */
  overrideMaintenance: boolean;
}

/**
 * Which incidents permissions the user holds (incident ones for some tenant
 * at least), in one question; the backend stays the guard.
 */
export function useIncidentsAccess(): IncidentsAccess {
  const access = usePageAccess(NAMES);
  const holds = (name: string) => !access.loading && access.holds(name);
  return {
    loading: access.loading,
    read: holds(incidentsIncidentReadPermission.name),
    create: holds(incidentsIncidentCreatePermission.name),
    manageMaintenance: holds(incidentsMaintenanceManagePermission.name),
    overrideMaintenance: holds(incidentsMaintenanceOverridePermission.name),
  };
}

/** What the user may do with one incident; all false until both answers arrive. */
export interface IncidentAccess {
  loading: boolean;
  /** Status, assignment and fields (incidents.incident.update on it). */
  update: boolean;
  /** Comments: those who work it, or open tickets in its tenant. */
  comment: boolean;
}

/**
 * Asks the permission backend about this incident (its id as the
 * resourceRef, so the tenant rule decides as the backend will): update for
 * the status and assignment controls; update or create for the comment box.
 */
export function useIncidentAccess(incident: Incident): IncidentAccess {
  const update = usePermission({
    permission: incidentsIncidentUpdatePermission,
    resourceRef: incident.id,
  });
  const create = usePermission({
    permission: incidentsIncidentCreatePermission,
    resourceRef: incident.id,
  });
  const loading = update.loading || create.loading;
  return {
    loading,
    update: !loading && update.allowed,
    comment: !loading && (update.allowed || create.allowed),
  };
}

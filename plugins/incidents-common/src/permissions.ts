import {
  createPermission,
  Permission,
} from '@backstage/plugin-permission-common';

/**
 * The resource type of the incident permissions: the resource is one
 * incident, its resourceRef the incident id. The backend registers the
 * shared `IS_IN_TENANT` rule on the incident's tenant, so a tenant admin
 * sees and opens only their tenant's tickets.
 */
export const incidentResourceType = 'incident';

const onIncident = (name: string, action: 'read' | 'create' | 'update') =>
  createPermission({
    name,
    attributes: { action },
    resourceType: incidentResourceType,
  });

/** See incidents and tickets (of the tenants in reach). */
export const incidentsIncidentReadPermission = onIncident(
  'incidents.incident.read',
  'read',
);
/** Open a ticket, checked on the ticket about to be opened; comment on it. */
export const incidentsIncidentCreatePermission = onIncident(
  'incidents.incident.create',
  'create',
);
/** Work an incident: status, assignment, severity and the other fields. */
export const incidentsIncidentUpdatePermission = onIncident(
  'incidents.incident.update',
  'update',
);
/** Schedule and cancel maintenance windows (basic). */
export const incidentsMaintenanceManagePermission = createPermission({
  name: 'incidents.maintenance.manage',
  attributes: { action: 'update' },
});
/** Ask for or approve an override of a maintenance window (basic). */
export const incidentsMaintenanceOverridePermission = createPermission({
  name: 'incidents.maintenance.override',
  attributes: { action: 'update' },
});

/** Every permission of the plugin, as the backend registers them. */
export const incidentsPermissions: Permission[] = [
  incidentsIncidentReadPermission,
  incidentsIncidentCreatePermission,
  incidentsIncidentUpdatePermission,
  incidentsMaintenanceManagePermission,
  incidentsMaintenanceOverridePermission,
];

/** One line per permission, for the RBAC plugin's permission list. */
export const incidentsPermissionDescriptions: Record<string, string> = {
  'incidents.incident.read':
    'See incidents and tickets of the tenants in reach',
  'incidents.incident.create': 'Open tickets in a tenant and comment on them',
  'incidents.incident.update':
    'Work incidents: status, assignment, severity, fields',
  'incidents.maintenance.manage': 'Schedule and cancel maintenance windows',
  'incidents.maintenance.override':
    'Ask for or approve an override of a maintenance window',
};

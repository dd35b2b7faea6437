import {
  ResourceAuthorizer,
  RouteHelpers,
  TypedRouter,
} from '@controlplane/backend-common';
import {
  IncidentsApiPaths,
  incidentResourceType,
} from '@controlplane/plugin-incidents-common';

/** The incidents API's router: routes and handlers typed from the contract. */
export type IncidentsRouter = TypedRouter<IncidentsApiPaths>;

/** An incident as a permission resource: its tenant (tenant rule). */
export interface IncidentResource {
  tenant: string | null;
}

export type IncidentAuthorizer = ResourceAuthorizer<
  IncidentResource,
  typeof incidentResourceType
>;

export type { RouteHelpers };

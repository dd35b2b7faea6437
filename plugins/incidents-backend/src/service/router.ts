import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createRouteHelpers } from '@controlplane/backend-common';
import express, { Router } from 'express';
import { createOpenApiRouter } from '../schema/openapi/generated/router';
import { IncidentsService } from './IncidentsService';
import { MaintenanceService } from './MaintenanceService';
import { RelatedChanges } from './RelatedChanges';
import { incidentRoutes } from './routes/incidentRoutes';
import { maintenanceRoutes } from './routes/maintenanceRoutes';
import { IncidentAuthorizer, IncidentsRouter } from './routes/types';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  authorizer: IncidentAuthorizer;
  incidents: IncidentsService;
  maintenance: MaintenanceService;
  related: RelatedChanges;
}

/**
 * The incidents REST API on the contract's router
 * (src/schema/openapi.yaml; a request that does not match it is a 400
 * before any handler runs).
 */
export function createRouter(options: RouterOptions): Router {
  const helpers = createRouteHelpers(options);
  const router: IncidentsRouter = createOpenApiRouter({
    middleware: [express.json({ limit: '256kb' })],
  });
  incidentRoutes(router, { ...options, helpers });
  maintenanceRoutes(router, { ...options, helpers });
  return router;
}

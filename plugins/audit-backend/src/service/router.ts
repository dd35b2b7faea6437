import {
  AuditorService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  createRouteHelpers,
  ResourceAuthorizer,
} from '@controlplane/backend-common';
import {
  AUDIT_EVENT_RESOURCE_TYPE,
  AuditRecord,
} from '@controlplane/plugin-audit-common';
import { AppCredentialsService } from '@controlplane/plugin-apps-node';
import express, { Router } from 'express';
import { createOpenApiRouter } from '../schema/openapi/generated/router';
import { ExportService } from './ExportService';
import { IngestionService } from './IngestionService';
import { QueryService } from './QueryService';
import { VerificationService } from './VerificationService';
import { accessRoutes } from './routes/access';
import { chainRoutes, SigningKey } from './routes/chain';
import { eventRoutes } from './routes/events';
import { exportRoutes } from './routes/export';
import { platformRoutes } from './routes/platform';
import { recordRoutes } from './routes/records';
import { CallerOf } from './routes/types';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** Accepts app credentials on POST /events. */
  appCredentials: AppCredentialsService;
  authorizer: ResourceAuthorizer<AuditRecord, typeof AUDIT_EVENT_RESOURCE_TYPE>;
  ingestion: IngestionService;
  query: QueryService;
  exports: ExportService;
  verification: VerificationService;
  signingKey: SigningKey;
}

/** The audit REST API: the routes of each resource on the contract's router. */
export function createRouter(options: RouterOptions): Router {
  const { appCredentials, authorizer } = options;
  const helpers = createRouteHelpers(options);
  // For typed requests `helpers.credentialsOf` does not take yet (see CallerOf).
  const callerOf: CallerOf = req =>
    options.httpAuth.credentials(req, { allow: ['user', 'service'] });
  const router = createOpenApiRouter({
    middleware: [express.json({ limit: '10mb' })],
  });

  eventRoutes(router, {
    helpers,
    appCredentials,
    ingestion: options.ingestion,
  });
  recordRoutes(router, { callerOf, authorizer, query: options.query });
  exportRoutes(router, { helpers, authorizer, exports: options.exports });
  chainRoutes(router, {
    helpers,
    callerOf,
    permissions: options.permissions,
    verification: options.verification,
    signingKey: options.signingKey,
  });
  accessRoutes(router, { helpers, permissions: options.permissions });
  platformRoutes(router, { helpers, query: options.query });

  // Authentication of POST /events comes before the contract's validation,
  // so an unauthenticated caller learns nothing about the body. Apps with
  // audit:write and other backends may post; users may not.
  const authenticated = Router();
  authenticated.post(
    '/events',
    appCredentials.accept({
      scope: 'audit:write',
      allowBackstage: ['service'],
    }),
  );
  authenticated.use(router);
  return authenticated;
}

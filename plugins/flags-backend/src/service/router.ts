import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createRouteHelpers } from '@controlplane/backend-common';
import { AppCredentialsService } from '@controlplane/plugin-apps-node';
import { Environment } from '@controlplane/plugin-flags-common';
import express, { Router } from 'express';
import { FlagsStores } from '../database/stores';
import { createOpenApiRouter } from '../schema/openapi/generated/router';
import { ChangeStream } from './ChangeStream';
import { EvaluationMetrics } from './EvaluationMetrics';
import { FlagConfigCache } from './FlagConfigCache';
import { FlagHistory } from './FlagHistory';
import { FlagsService } from './FlagsService';
import { SchedulesService } from './SchedulesService';
import { clientRoutes, ofrepErrorHandler } from './routes/clientRoutes';
import { definitionRoutes, TenantAuthorizer } from './routes/definitionRoutes';
import { tenantRoutes } from './routes/tenantRoutes';
import { FlagsRouter } from './routes/types';

/** The paths managed apps call, with their credentials. */
export const APP_PATHS = ['/client', '/ofrep'] as const;

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  appCredentials: AppCredentialsService;
  tenantAuthorizer: TenantAuthorizer;
  stores: FlagsStores;
  flags: FlagsService;
  schedules: SchedulesService;
  history: FlagHistory;
  cache: FlagConfigCache;
  stream: ChangeStream;
  metrics: EvaluationMetrics;
  defaultEnvironment: Environment;
  maxAgeSeconds: number;
}

/**
 * The flags REST API: the routes of each audience on the contract's router
 * (src/schema/openapi.yaml; a request that does not match it is a 400
 * before any handler runs).
 */
export function createRouter(options: RouterOptions): Router {
  const helpers = createRouteHelpers(options);
  const router: FlagsRouter = createOpenApiRouter({
    middleware: [express.json({ limit: '256kb' })],
  });

  definitionRoutes(router, { ...options, helpers });
  tenantRoutes(router, { ...options, helpers });
  clientRoutes(router, { ...options, helpers });

  // Apps authenticate before the contract's validation, so a caller without
  // a credential learns nothing about the body. Apps with flags:read and
  // other backends may call; users may not.
  const authenticated = Router();
  for (const path of APP_PATHS) {
    authenticated.use(
      path,
      options.appCredentials.accept({
        scope: 'flags:read',
        allowBackstage: ['service'],
      }),
    );
  }
  authenticated.use(router);
  authenticated.use('/ofrep', ofrepErrorHandler);
  return authenticated;
}

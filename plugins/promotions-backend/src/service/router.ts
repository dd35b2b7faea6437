import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { createRouteHelpers } from '@controlplane/backend-common';
import { AppCredentialsService } from '@controlplane/plugin-apps-node';
import express, { Router } from 'express';
import { createOpenApiRouter } from '../schema/openapi/generated/router';
import { DeploymentsService } from './DeploymentsService';
import { GovernanceService } from './GovernanceService';
import { RequestsService } from './RequestsService';
import { deploymentRoutes } from './routes/deploymentRoutes';
import { governanceRoutes } from './routes/governanceRoutes';
import { requestRoutes } from './routes/requestRoutes';
import { PromotionsRouter, RequestAuthorizer } from './routes/types';

/** The paths managed apps (CI, running agents) call with their credentials. */
export const APP_PATHS = ['/requests', '/deployments'] as const;

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  userInfo: UserInfoService;
  appCredentials: AppCredentialsService;
  authorizer: RequestAuthorizer;
  requests: RequestsService;
  deployments: DeploymentsService;
  governance: GovernanceService;
}

/**
 * The promotions REST API: the routes of each part on the contract's router
 * (src/schema/openapi.yaml; a request that does not match it is a 400
 * before any handler runs).
 */
export function createRouter(options: RouterOptions): Router {
  const helpers = createRouteHelpers(options);
  const router: PromotionsRouter = createOpenApiRouter({
    middleware: [express.json({ limit: '256kb' })],
  });
  const deps = { ...options, helpers };
  requestRoutes(router, deps);
  deploymentRoutes(router, deps);
  governanceRoutes(router, deps);

  // Apps authenticate before the contract's validation, so a caller without
  // a credential learns nothing about the body: CI asks for promotions and
  // adds evidence and records what entered development (users too),
  // running agents and apps report versions
  // (other backends too).
  const { appCredentials } = options;
  const authenticated = Router();
  const asCi = appCredentials.accept({
    scope: 'promotions:write',
    allowBackstage: ['user', 'service'],
  });
  authenticated.post('/requests', asCi);
  authenticated.post('/requests/:id/evidence', asCi);
  authenticated.post('/deployments', asCi);
  authenticated.post(
    '/deployments/report',
    appCredentials.accept({
      scope: 'promotions:report',
      allowBackstage: ['service'],
    }),
  );
  authenticated.use(router);
  return authenticated;
}

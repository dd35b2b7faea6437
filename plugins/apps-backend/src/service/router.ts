import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { createRouteHelpers } from '@controlplane/backend-common';
import express, { Router } from 'express';
import { createOpenApiRouter } from '../schema/openapi/generated/router';
import { AppAuthorizer } from './routes/access';
import { appRoutes } from './routes/apps';
import { credentialRoutes } from './routes/credentials';
import { internalRoutes } from './routes/internal';
import { tenantAppRoutes } from './routes/tenantApps';
import { usageRoutes } from './routes/usage';
import { AppsServices } from './services';

export interface RouterOptions {
  services: AppsServices;
  authorizer: AppAuthorizer;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** See `readCredentialConsumers`. */
  credentialConsumers: readonly string[];
  userInfo: UserInfoService;
}

/**
 * The REST API of the apps plugin (src/schema/openapi.yaml): every request
 * validated against the contract, then one route module per resource.
 */
export function createRouter(options: RouterOptions): Router {
  const router = createOpenApiRouter({
    middleware: [express.json({ limit: '1mb' })],
  });
  const deps = {
    services: options.services,
    authorizer: options.authorizer,
    helpers: createRouteHelpers(options),
    credentialConsumers: options.credentialConsumers,
    userInfo: options.userInfo,
    auditor: options.auditor,
  };
  appRoutes(router, deps);
  credentialRoutes(router, deps);
  usageRoutes(router, deps);
  tenantAppRoutes(router, deps);
  internalRoutes(router, deps);
  return router;
}

import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createRouteHelpers } from '@controlplane/backend-common';
import express, { Router } from 'express';
import { createOpenApiRouter } from '../schema/openapi/generated/router';
import { accessRoutes } from './routes/access';
import { RbacRouteDeps } from './routes/deps';
import { grantRoutes } from './routes/grants';
import { memberRoutes } from './routes/members';
import { permissionRoutes } from './routes/permissions';
import { policyRoutes } from './routes/policy';
import { roleRoutes } from './routes/roles';
import { importPermissionCheck, roleSetRoutes } from './routes/roleSets';

export interface RouterOptions extends Omit<RbacRouteDeps, 'helpers'> {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}

/**
 * The RBAC REST API (src/schema/openapi.yaml): requests are validated against
 * the contract, then each route module parses, authorizes, calls a service,
 * audits changes and answers.
 */
export function createRouter(options: RouterOptions): Router {
  const { httpAuth, permissions, auditor, ...services } = options;
  const deps: RbacRouteDeps = {
    ...services,
    helpers: createRouteHelpers({ httpAuth, permissions, auditor }),
  };
  const router = createOpenApiRouter({
    middleware: [
      express.json(),
      // Role set imports are YAML text.
      express.text({
        type: ['application/yaml', 'text/plain'],
        limit: '1mb',
      }),
    ],
  });

  // Before roleRoutes: /roles/export is not the role named "export".
  roleSetRoutes(router, deps);
  roleRoutes(router, deps);
  grantRoutes(router, deps);
  memberRoutes(router, deps);
  permissionRoutes(router, deps);
  policyRoutes(router, deps);
  accessRoutes(router, deps);

  // Imports are authorized before their body is read (finding 8 of issue 11).
  const outer = express.Router();
  outer.use(importPermissionCheck(deps.helpers));
  outer.use(router);
  return outer;
}

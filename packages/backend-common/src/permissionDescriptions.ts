import { HttpRouterService } from '@backstage/backend-plugin-api';
import { Permission } from '@backstage/plugin-permission-common';
import Router from 'express-promise-router';

/**
 * Where each plugin serves the descriptions of its permissions. Backstage's
 * permission metadata has no descriptions, so the RBAC plugin reads them here
 * next to `/.well-known/backstage/permissions/metadata`.
 */
export const PERMISSION_DESCRIPTIONS_PATH =
  '/.well-known/controlplane/permission-descriptions';

/**
 * Serves the plugin's permission descriptions for the RBAC plugin's
 * permission list. Throws at startup when a permission has no description,
 * so none can be forgotten.
 */
export function servePermissionDescriptions(
  httpRouter: HttpRouterService,
  permissions: Permission[],
  descriptions: Record<string, string>,
): void {
  const missing = permissions
    .map(permission => permission.name)
    .filter(name => !descriptions[name]);
  if (missing.length > 0) {
    throw new Error(`Permissions without a description: ${missing.join(', ')}`);
  }
  const body = Object.fromEntries(
    permissions.map(permission => [
      permission.name,
      descriptions[permission.name],
    ]),
  );
  const router = Router();
  router.get(PERMISSION_DESCRIPTIONS_PATH, (_req, res) => {
    res.json({ descriptions: body });
  });
  httpRouter.use(router);
}

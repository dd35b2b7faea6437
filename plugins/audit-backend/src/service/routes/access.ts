import { PermissionsService } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  auditChainVerifyPermission,
  auditLogExportPermission,
  auditLogReadPermission,
} from '@controlplane/plugin-audit-common';
import { AuditRouter, RouteHelpers } from './types';

/**
 * GET /access: what the caller may do at all, for the UI. A tenant-scoped
 * grant counts (the records shown are filtered to the tenant anyway).
 */
export function accessRoutes(
  router: AuditRouter,
  deps: { helpers: RouteHelpers; permissions: PermissionsService },
) {
  const { helpers, permissions } = deps;

  router.get('/access', async (req, res) => {
    const credentials = await helpers.credentialsOf(req);
    const [[read, exportAll], [verify]] = await Promise.all([
      permissions.authorizeConditional(
        [
          { permission: auditLogReadPermission },
          { permission: auditLogExportPermission },
        ],
        { credentials },
      ),
      permissions.authorize([{ permission: auditChainVerifyPermission }], {
        credentials,
      }),
    ]);
    res.json({
      read: read.result !== AuthorizeResult.DENY,
      export: exportAll.result !== AuthorizeResult.DENY,
      verify: verify.result === AuthorizeResult.ALLOW,
    });
  });
}

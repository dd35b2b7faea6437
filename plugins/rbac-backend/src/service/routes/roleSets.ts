import { InputError } from '@backstage/errors';
import { AuditedEvent } from '@controlplane/backend-common';
import {
  rbacRoleCreatePermission,
  rbacRoleDeletePermission,
  rbacRoleReadPermission,
  rbacRoleUpdatePermission,
} from '@controlplane/plugin-rbac-common';
import { Request } from 'express';
import { diffTouchesPlatformAdmin } from '../roleSet';
import { RbacRouteDeps, RbacRouter } from './deps';

/** The whole role set as a RoleSet YAML document: export and import. */
export function roleSetRoutes(
  router: RbacRouter,
  { helpers, roleSets }: Pick<RbacRouteDeps, 'helpers' | 'roleSets'>,
) {
  const { authorizeBasic, audited } = helpers;

  router.get('/roles/export', async (req, res) => {
    await authorizeBasic(req, rbacRoleReadPermission);
    res
      .status(200)
      .type('application/yaml; charset=utf-8')
      .send(await roleSets.exportRoles());
  });

  router.post('/roles/import', async (req, res) => {
    const { mode = 'merge', dryRun } = req.query;
    // Validated before anything else: a broken document changes nothing.
    const roles = roleSets.parseRoleSet(yamlText(req));
    const authorize = async () => {
      await authorizeBasic(req, rbacRoleCreatePermission);
      await authorizeBasic(req, rbacRoleUpdatePermission);
      if (mode === 'replace') {
        await authorizeBasic(req, rbacRoleDeletePermission);
      }
    };

    if (dryRun === 'true') {
      await authorize();
      res.json(await roleSets.dryRunImport(roles, mode));
      return;
    }

    // Severity from a preview; the import recomputes the diff under the lock.
    const preview = await roleSets.previewImport(roles, mode);
    const event: AuditedEvent = {
      eventId: 'roles-import',
      severityLevel: diffTouchesPlatformAdmin(preview) ? 'critical' : 'high',
      meta: { mode, roles: roles.map(role => role.name) },
    };
    const diff = await audited(req, event, async () => {
      await authorize();
      return roleSets.importRoles(roles, mode);
    });
    res.json(diff);
  });
}

/** The imported document: YAML text (the body parser reads it as text). */
function yamlText(req: Request): string {
  if (typeof req.body !== 'string') {
    throw new InputError(
      'Send the role set as YAML text with Content-Type application/yaml or text/plain',
    );
  }
  return req.body;
}

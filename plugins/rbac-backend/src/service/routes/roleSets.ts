import { InputError } from '@backstage/errors';
import { AnyRequest, AuditedEvent } from '@controlplane/backend-common';
import {
  rbacRoleCreatePermission,
  rbacRoleDeletePermission,
  rbacRoleReadPermission,
  rbacRoleUpdatePermission,
} from '@controlplane/plugin-rbac-common';
import { NextFunction, Request, Response, Router } from 'express';
import { diffTouchesPlatformAdmin } from '../roleSet';
import { RbacRouteDeps, RbacRouter } from './deps';

type Helpers = RbacRouteDeps['helpers'];

/** The permissions an import in `mode` needs: delete too for `replace`. */
async function authorizeImport(
  helpers: Helpers,
  req: AnyRequest,
  mode: unknown,
): Promise<void> {
  await helpers.authorizeBasic(
    req,
    rbacRoleCreatePermission,
    rbacRoleUpdatePermission,
  );
  if (mode === 'replace') {
    await helpers.authorizeBasic(req, rbacRoleDeletePermission);
  }
}

/**
 * The permission check of `POST /roles/import`, mounted before the contract's
 * router and its body parsers: a caller who may not import gets 403 (or 401)
 * before a byte of the document is read, parsed or previewed. A denied import
 * is on record as one failed `roles-import` event (dry runs are not audited).
 */
export function importPermissionCheck(helpers: Helpers): Router {
  const check = Router();
  check.post(
    '/roles/import',
    async (req: Request, _res: Response, next: NextFunction) => {
      const { mode, dryRun } = req.query;
      const denied = await authorizeImport(helpers, req, mode).then(
        () => undefined,
        (error: Error) => error,
      );
      if (!denied) {
        next();
        return;
      }
      if (dryRun === 'true') {
        next(denied);
        return;
      }
      const event: AuditedEvent = {
        eventId: 'roles-import',
        severityLevel: 'high',
        meta: { mode: typeof mode === 'string' ? mode : 'merge' },
      };
      await helpers
        .audited(req, event, () => Promise.reject(denied))
        .catch(next);
    },
  );
  return check;
}

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

  // The caller's permissions were checked before the body was read (see
  // importPermissionCheck); they are checked again inside the audited
  // change, so the event records the decision the import ran under.
  router.post('/roles/import', async (req, res) => {
    const { mode = 'merge', dryRun } = req.query;
    // Validated before anything changes: a broken document changes nothing.
    const roles = roleSets.parseRoleSet(yamlText(req));
    await roleSets.checkOwnedGrants(roles);

    if (dryRun === 'true') {
      await authorizeImport(helpers, req, mode);
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
      await authorizeImport(helpers, req, mode);
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

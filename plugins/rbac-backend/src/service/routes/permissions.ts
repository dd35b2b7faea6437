import {
  rbacDecisionExplainPermission,
  rbacRoleReadPermission,
} from '@controlplane/plugin-rbac-common';
import { RbacRouteDeps, RbacRouter } from './deps';

/** The permissions of the installed plugins, and decisions explained. */
export function permissionRoutes(
  router: RbacRouter,
  {
    helpers,
    permissionCatalog,
    explainer,
  }: Pick<RbacRouteDeps, 'helpers' | 'permissionCatalog' | 'explainer'>,
) {
  const { authorizeBasic } = helpers;

  router.get('/permissions', async (req, res) => {
    await authorizeBasic(req, rbacRoleReadPermission);
    res.json({ items: await permissionCatalog.list() });
  });

  router.get('/explain', async (req, res) => {
    await authorizeBasic(req, rbacDecisionExplainPermission);
    res.json(await explainer.explain(req.query));
  });
}

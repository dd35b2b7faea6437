import { rbacRoleUpdatePermission } from '@controlplane/plugin-rbac-common';
import { RbacRouteDeps, RbacRouter, roleEvent } from './deps';

/** The grants of a role: grant and revoke one pattern. */
export function grantRoutes(
  router: RbacRouter,
  { helpers, roles }: Pick<RbacRouteDeps, 'helpers' | 'roles'>,
) {
  const { authorizeBasic, audited } = helpers;

  router.put('/roles/:name/grants/:pattern', async (req, res) => {
    const { name, pattern } = req.params;
    const event = roleEvent('role-grant', name, { grant: pattern });
    const role = await audited(req, event, async () => {
      await authorizeBasic(req, rbacRoleUpdatePermission);
      return roles.grant(name, pattern);
    });
    res.json(role);
  });

  router.delete('/roles/:name/grants/:pattern', async (req, res) => {
    const { name, pattern } = req.params;
    const event = roleEvent('role-revoke', name, { grant: pattern });
    const role = await audited(req, event, async () => {
      await authorizeBasic(req, rbacRoleUpdatePermission);
      return roles.revoke(name, pattern);
    });
    res.json(role);
  });
}

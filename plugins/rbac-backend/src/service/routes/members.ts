import { rbacRoleUpdatePermission } from '@controlplane/plugin-rbac-common';
import { RbacRouteDeps, RbacRouter, roleEvent } from './deps';

/** The members of a role: add and remove one user or group. */
export function memberRoutes(
  router: RbacRouter,
  { helpers, roles }: Pick<RbacRouteDeps, 'helpers' | 'roles'>,
) {
  const { authorizeBasic, audited } = helpers;

  router.put('/roles/:name/members/:memberRef', async (req, res) => {
    const { name, memberRef } = req.params;
    const event = roleEvent('role-member-add', name, { member: memberRef });
    const role = await audited(req, event, async () => {
      await authorizeBasic(req, rbacRoleUpdatePermission);
      return roles.addMember(name, memberRef);
    });
    res.json(role);
  });

  router.delete('/roles/:name/members/:memberRef', async (req, res) => {
    const { name, memberRef } = req.params;
    const event = roleEvent('role-member-remove', name, { member: memberRef });
    const role = await audited(req, event, async () => {
      await authorizeBasic(req, rbacRoleUpdatePermission);
      return roles.removeMember(name, memberRef);
    });
    res.json(role);
  });
}

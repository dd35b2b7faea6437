import {
  rbacRoleCreatePermission,
  rbacRoleDeletePermission,
  rbacRoleReadPermission,
} from '@controlplane/plugin-rbac-common';
import { RbacRouteDeps, RbacRouter, roleEvent } from './deps';

/** Roles: list, read, create, delete. */
export function roleRoutes(
  router: RbacRouter,
  { helpers, roles }: Pick<RbacRouteDeps, 'helpers' | 'roles'>,
) {
  const { authorizeBasic, audited } = helpers;

  router.get('/roles', async (req, res) => {
    await authorizeBasic(req, rbacRoleReadPermission);
    res.json({ items: await roles.listRoles() });
  });

  router.post('/roles', async (req, res) => {
    const { name, description } = req.body;
    const role = await audited(
      req,
      roleEvent('role-create', name),
      async () => {
        await authorizeBasic(req, rbacRoleCreatePermission);
        return roles.createRole(name, description);
      },
    );
    res.status(201).json(role);
  });

  router.get('/roles/:name', async (req, res) => {
    await authorizeBasic(req, rbacRoleReadPermission);
    res.json(await roles.getRole(req.params.name));
  });

  router.delete('/roles/:name', async (req, res) => {
    const { name } = req.params;
    await audited(req, roleEvent('role-delete', name), async () => {
      await authorizeBasic(req, rbacRoleDeletePermission);
      return roles.deleteRole(name);
    });
    res.status(204).end();
  });
}

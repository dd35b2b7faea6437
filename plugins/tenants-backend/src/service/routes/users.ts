import { limitOf, listOf } from '@controlplane/backend-common';
import {
  tenantsUserDeletePermission,
  tenantsUserReadPermission,
  tenantsUserUpdatePermission,
  TenantUserRole,
  TenantUserStatus,
} from '@controlplane/plugin-tenants-common';
import type { TenantsRouteDeps, TenantsRouter } from '../router';

/** A tenant's users: list, read, change role or status, delete. */
export function usersRoutes(router: TenantsRouter, deps: TenantsRouteDeps) {
  const { service, loadTenant, tenantChange, mayManageOwners } = deps;

  router.get('/tenants/:tenant/users', async (req, res) => {
    const { tenant } = await loadTenant(req, tenantsUserReadPermission);
    const query = req.query;
    res.json(
      await service.users.listUsers(tenant, {
        q: query.q || undefined,
        role: listOf<TenantUserRole>(query.role),
        status: listOf<TenantUserStatus>(query.status),
        limit: limitOf(query.limit),
        cursor: query.cursor,
      }),
    );
  });

  router.get('/tenants/:tenant/user-summary', async (req, res) => {
    const { tenant } = await loadTenant(req, tenantsUserReadPermission);
    res.json(await service.users.summary(tenant));
  });

  router.get('/tenants/:tenant/users/:userId', async (req, res) => {
    const { tenant } = await loadTenant(req, tenantsUserReadPermission);
    res.json(await service.users.getUser(tenant, req.params.userId));
  });

  router.patch('/tenants/:tenant/users/:userId', async (req, res) => {
    res.json(
      await tenantChange(
        req,
        {
          eventId: 'user-update',
          severityLevel: 'high',
          permission: tenantsUserUpdatePermission,
          resourceType: 'tenant-user',
          resourceId: req.params.userId,
        },
        async (tenant, credentials) =>
          service.users.updateUser(
            tenant,
            req.params.userId,
            req.body,
            await mayManageOwners(credentials, tenant),
          ),
      ),
    );
  });

  router.delete('/tenants/:tenant/users/:userId', async (req, res) => {
    await tenantChange(
      req,
      {
        eventId: 'user-delete',
        severityLevel: 'high',
        permission: tenantsUserDeletePermission,
        resourceType: 'tenant-user',
        resourceId: req.params.userId,
      },
      async (tenant, credentials) =>
        service.users.deleteUser(
          tenant,
          req.params.userId,
          await mayManageOwners(credentials, tenant),
        ),
    );
    res.status(204).end();
  });
}

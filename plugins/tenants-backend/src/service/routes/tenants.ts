import { actorRef, limitOf, listOf } from '@controlplane/backend-common';
import {
  TenantPlan,
  tenantsTenantChangePlanPermission,
  tenantsTenantCreatePermission,
  tenantsTenantOffboardPermission,
  tenantsTenantReadPermission,
  tenantsTenantSuspendPermission,
  tenantsTenantUpdatePermission,
  TenantStatus,
} from '@controlplane/plugin-tenants-common';
import type { TenantsRouteDeps, TenantsRouter } from '../router';

/** The tenant lifecycle: list, provision, read, update, plan, suspend, offboard. */
export function tenantsRoutes(router: TenantsRouter, deps: TenantsRouteDeps) {
  const {
    service,
    authorizer,
    credentialsOf,
    authorizeBasic,
    audited,
    loadTenant,
    tenantChange,
  } = deps;

  router.get('/tenants', async (req, res) => {
    const credentials = await credentialsOf(req);
    const filter = await authorizer.listFilter(
      credentials,
      tenantsTenantReadPermission,
    );
    const query = req.query;
    // The caller's own tenants are those a tenant-scoped role gives them:
    // a caller whose roles reach every tenant (no filter) is a member of none.
    if (query.mine === 'true' && !filter) {
      res.json({ items: [] });
      return;
    }
    res.json(
      await service.listTenants({
        q: query.q || undefined,
        status: listOf<TenantStatus>(query.status),
        plan: listOf<TenantPlan>(query.plan),
        includeOffboarded: query.includeOffboarded === 'true',
        sort: query.sort ?? 'name',
        order: query.order ?? 'asc',
        limit: limitOf(query.limit),
        cursor: query.cursor,
        filter,
      }),
    );
  });

  router.post('/tenants', async (req, res) => {
    const body = req.body;
    const result = await audited(
      req,
      {
        eventId: 'tenant-provision',
        severityLevel: 'high',
        meta: {
          tenant: body.name,
          resourceType: 'tenant',
          resourceId: body.name,
        },
      },
      async () => {
        const credentials = await authorizeBasic(
          req,
          tenantsTenantCreatePermission,
        );
        return service.provision(body, actorRef(credentials), credentials);
      },
    );
    res.status(201).json(result);
  });

  router.get('/tenants/:tenant', async (req, res) => {
    const { tenant } = await loadTenant(req, tenantsTenantReadPermission);
    res.json(await service.answer(tenant));
  });

  router.patch('/tenants/:tenant', async (req, res) => {
    res.json(
      await tenantChange(
        req,
        {
          eventId: 'tenant-update',
          severityLevel: 'medium',
          permission: tenantsTenantUpdatePermission,
          resourceType: 'tenant',
        },
        (tenant, credentials) =>
          service.updateTenant(tenant, req.body, credentials),
      ),
    );
  });

  router.put('/tenants/:tenant/plan', async (req, res) => {
    const { plan, reason } = req.body;
    res.json(
      await tenantChange(
        req,
        {
          eventId: 'tenant-plan-change',
          severityLevel: 'high',
          permission: tenantsTenantChangePlanPermission,
          resourceType: 'tenant',
          meta: reason ? { reason } : {},
        },
        tenant => service.changePlan(tenant, plan, reason),
      ),
    );
  });

  router.post('/tenants/:tenant/suspend', async (req, res) => {
    const { reason } = req.body;
    res.json(
      await tenantChange(
        req,
        {
          eventId: 'tenant-suspend',
          severityLevel: 'critical',
          permission: tenantsTenantSuspendPermission,
          resourceType: 'tenant',
          meta: { reason },
        },
        tenant => service.suspend(tenant, reason),
      ),
    );
  });

  router.post('/tenants/:tenant/reactivate', async (req, res) => {
    // The body is optional: Express hands an empty one as `{}`.
    const reason = req.body?.reason;
    res.json(
      await tenantChange(
        req,
        {
          eventId: 'tenant-reactivate',
          severityLevel: 'high',
          permission: tenantsTenantSuspendPermission,
          resourceType: 'tenant',
          meta: reason ? { reason } : {},
        },
        tenant => service.reactivate(tenant, reason),
      ),
    );
  });

  router.post('/tenants/:tenant/offboard', async (req, res) => {
    const { reason } = req.body;
    res.json(
      await tenantChange(
        req,
        {
          eventId: 'tenant-offboard',
          severityLevel: 'critical',
          permission: tenantsTenantOffboardPermission,
          resourceType: 'tenant',
          meta: { reason },
        },
        tenant => service.offboard(tenant, reason),
      ),
    );
  });
}

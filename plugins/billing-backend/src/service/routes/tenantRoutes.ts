import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  actorRef,
  AnyRequest,
  requireResourceAccess,
} from '@controlplane/backend-common';
import {
  billingAdjustmentCreatePermission,
  billingBudgetUpdatePermission,
  billingQuotaUpdatePermission,
  billingUsageReadPermission,
} from '@controlplane/plugin-billing-common';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { BillingStores } from '../../database/stores';
import { AccountsService } from '../AccountsService';
import { UsageService } from '../UsageService';
import {
  BILLING_AUDIT_RESOURCE_TYPE,
  BillingRouter,
  RouteHelpers,
  TenantAuthorizer,
} from './types';

/** The per-tenant routes of users (usage, quotas, budget, adjustments). */
export function tenantRoutes(
  router: BillingRouter,
  deps: {
    helpers: RouteHelpers;
    tenantAuthorizer: TenantAuthorizer;
    stores: BillingStores;
    usage: UsageService;
    accounts: AccountsService;
  },
) {
  const { helpers, tenantAuthorizer, usage, accounts } = deps;

  /**
   * The tenant of the request, for `permission`: 403 when the caller holds
   * it for no tenant, 404 when the tenant is unknown or out of reach.
   */
  async function tenantFor(
    req: AnyRequest,
    tenant: string,
    permission: ResourcePermission<'billing-tenant'>,
  ): Promise<{ credentials: BackstageCredentials; plan: string }> {
    const credentials = await helpers.credentialsOf(req);
    const isAllowed = requireResourceAccess(
      await tenantAuthorizer.resourceAccess(credentials, permission),
      permission,
    );
    const known = await deps.stores.tenants.byName(tenant);
    if (!known || !isAllowed({ tenant }))
      throw new NotFoundError(`No tenant ${tenant}`);
    return { credentials, plan: known.plan };
  }

  const meta = (tenant: string) => ({
    resourceType: BILLING_AUDIT_RESOURCE_TYPE,
    resourceId: tenant,
    tenant,
  });

  router.get('/usage', async (req, res) => {
    const credentials = await helpers.credentialsOf(req);
    const access = requireResourceAccess(
      await tenantAuthorizer.resourceAccess(
        credentials,
        billingUsageReadPermission,
      ),
      billingUsageReadPermission,
    );
    res.json(
      await usage.allTenants(req.query.period, tenant => access({ tenant })),
    );
  });

  router.get('/tenants/:tenant/usage', async (req, res) => {
    await tenantFor(req, req.params.tenant, billingUsageReadPermission);
    res.json(await usage.summary(req.params.tenant, req.query.period));
  });

  router.get('/tenants/:tenant/usage/details', async (req, res) => {
    await tenantFor(req, req.params.tenant, billingUsageReadPermission);
    res.json(
      await usage.details(
        req.params.tenant,
        req.query.period,
        req.query.groupBy ?? 'type',
      ),
    );
  });

  router.get('/tenants/:tenant/periods', async (req, res) => {
    await tenantFor(req, req.params.tenant, billingUsageReadPermission);
    res.json(await usage.periods(req.params.tenant));
  });

  router.get('/tenants/:tenant/quotas', async (req, res) => {
    const { plan } = await tenantFor(
      req,
      req.params.tenant,
      billingUsageReadPermission,
    );
    res.json(await accounts.quotas(req.params.tenant, plan));
  });

  router.put('/tenants/:tenant/quotas/:resourceType', async (req, res) => {
    const change = await helpers.audited(
      req,
      {
        eventId: 'quota-update',
        severityLevel: 'medium',
        meta: {
          ...meta(req.params.tenant),
          resourceType: req.params.resourceType,
        },
      },
      async () => {
        const { credentials, plan } = await tenantFor(
          req,
          req.params.tenant,
          billingQuotaUpdatePermission,
        );
        return accounts.updateQuota(
          req.params.tenant,
          plan,
          req.params.resourceType,
          req.body.limit,
          actorRef(credentials),
        );
      },
    );
    res.json(change);
  });

  router.get('/tenants/:tenant/budget', async (req, res) => {
    await tenantFor(req, req.params.tenant, billingUsageReadPermission);
    const state = await accounts.budgetState(req.params.tenant);
    if (!state)
      throw new NotFoundError(`Tenant ${req.params.tenant} has no budget`);
    res.json(state);
  });

  router.put('/tenants/:tenant/budget', async (req, res) => {
    const state = await helpers.audited(
      req,
      {
        eventId: 'budget-set',
        severityLevel: 'medium',
        meta: meta(req.params.tenant),
      },
      async () => {
        const { credentials } = await tenantFor(
          req,
          req.params.tenant,
          billingBudgetUpdatePermission,
        );
        return accounts.setBudget(
          req.params.tenant,
          req.body,
          actorRef(credentials),
        );
      },
    );
    res.json(state);
  });

  router.get('/tenants/:tenant/adjustments', async (req, res) => {
    await tenantFor(req, req.params.tenant, billingUsageReadPermission);
    res.json({ items: await accounts.adjustments(req.params.tenant) });
  });

  router.post('/tenants/:tenant/adjustments', async (req, res) => {
    const adjustment = await helpers.audited(
      req,
      {
        eventId: 'adjustment-create',
        severityLevel: 'high',
        meta: meta(req.params.tenant),
      },
      async () => {
        const credentials = await helpers.authorizeBasic(
          req,
          billingAdjustmentCreatePermission,
        );
        if (!(await deps.stores.tenants.byName(req.params.tenant))) {
          throw new NotFoundError(`No tenant ${req.params.tenant}`);
        }
        return accounts.adjust(
          req.params.tenant,
          req.body.amount,
          req.body.reason,
          actorRef(credentials),
        );
      },
    );
    res.status(201).json(adjustment);
  });
}

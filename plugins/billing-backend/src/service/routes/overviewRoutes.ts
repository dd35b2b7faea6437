import { InputError } from '@backstage/errors';
import { AnyRequest, limitOf } from '@controlplane/backend-common';
import { billingUsageReadPermission } from '@controlplane/plugin-billing-common';
import { BillingStores } from '../../database/stores';
import { BillingRouter, RouteHelpers, TenantAuthorizer } from './types';

const HOUR_MS = 3_600_000;
/** How far back `GET /budget-alerts` reaches. */
const MAX_ALERT_DAYS = 31;

/**
 * What the home page cards read across tenants: the tenants in reach (or
 * the caller's own) and the budget alerts of the last hours, both filtered
 * in SQL by the caller's `billing.usage.read`.
 */
export function overviewRoutes(
  router: BillingRouter,
  deps: {
    helpers: RouteHelpers;
    tenantAuthorizer: TenantAuthorizer;
    stores: BillingStores;
    now?: () => Date;
  },
) {
  const { helpers, tenantAuthorizer, stores } = deps;
  const listFilter = async (req: AnyRequest) =>
    tenantAuthorizer.listFilter(
      await helpers.credentialsOf(req),
      billingUsageReadPermission,
    );

  router.get('/tenants', async (req, res) => {
    const filter = await listFilter(req);
    // The caller's own tenants are those a tenant-scoped role gives them:
    // a caller whose roles reach every tenant (no filter) is a member of none.
    if (req.query.mine === 'true' && !filter) {
      res.json({ items: [] });
      return;
    }
    const page = await stores.tenants.page({
      filter,
      limit: limitOf(req.query.limit),
      cursor: req.query.cursor,
    });
    res.json({
      items: page.rows.map(({ tenant, plan, status }) => ({
        tenant,
        plan,
        status,
      })),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  });

  router.get('/budget-alerts', async (req, res) => {
    const filter = await listFilter(req);
    const now = deps.now?.() ?? new Date();
    const since = req.query.since
      ? new Date(req.query.since)
      : new Date(now.getTime() - 24 * HOUR_MS);
    if (now.getTime() - since.getTime() > MAX_ALERT_DAYS * 24 * HOUR_MS) {
      throw new InputError(
        `since must be within the last ${MAX_ALERT_DAYS} days, not ${req.query.since}`,
      );
    }
    const { alerts, total } = await stores.accounts.alertsSince({
      since: since.toISOString(),
      limit: limitOf(req.query.limit),
      filter,
    });
    res.json({ since: since.toISOString(), items: alerts, total });
  });
}

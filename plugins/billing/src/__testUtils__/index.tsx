import {
  errorResponse,
  jsonResponse as json,
  PermissionOptions,
  renderWithApis,
  routedBackend,
} from '@controlplane/frontend-common/testUtils';
import {
  Adjustment,
  BudgetState,
  Quota,
} from '@controlplane/plugin-billing-common';
import { billingApiRef, BillingClient } from '../api';
import { rootRouteRef } from '../routes';

const PERIOD = {
  id: '2026-12',
  start: '2026-12-01T00:00:00.000Z',
  end: '2027-01-01T00:00:00.000Z',
  status: 'open' as const,
};

export const quota = (
  resourceType: string,
  used: number,
  limit: number,
): Quota => ({
  resourceType,
  used,
  limit,
  remaining: Math.max(0, limit - used),
  percentageUsed: Math.round((used / limit) * 10000) / 100,
  source: 'plan',
});

/**
 * The billing backend over in-memory data, through the real BillingClient:
 * `tenants` are those in the user's reach (default acme; any other is 404,
 * as out of reach), `withUsage` those of them listed with usage (default
 * all); each has the same usage, quotas, optional budget and adjustments;
 * quota, budget and adjustment changes are kept as the backend would
 * answer them.
 */
export function fakeBillingBackend(
  data: { budget?: BudgetState; tenants?: string[]; withUsage?: string[] } = {},
) {
  const reach = data.tenants ?? ['acme'];
  const quotas = [
    quota('tokens', 800_000, 1_000_000),
    quota('api_call', 1200, 10_000),
  ];
  let budget = data.budget;
  const adjustments: Adjustment[] = [];
  const backend = routedBackend('billing', ({ method, path, body }) => {
    if (method === 'GET' && path === '/usage') {
      return json({
        period: PERIOD,
        items: (data.withUsage ?? reach).map((tenant, i) => ({
          tenant,
          quantities: { tokens: 1_000_000 * (i + 1), api_call: 500 },
          cost: 100.05 * (i + 1),
          overBudget: i === 0 && !!budget && budget.overCap,
        })),
      });
    }
    const tenantPath = /^\/tenants\/([^/]+)(\/.*)$/.exec(path);
    if (!tenantPath) {
      if (method === 'GET' && path === '/pricing') {
        return json({
          currency: 'USD',
          units: [
            {
              type: 'tokens',
              per: 1_000_000,
              price: 100,
              label: 'per 1M tokens',
            },
            {
              type: 'api_call',
              per: 1000,
              price: 0.1,
              label: 'per 1K API calls',
            },
          ],
          models: [{ model: 'gpt-4o', per: 1_000_000, price: 5 }],
          plans: [
            { plan: 'free', monthlyCost: 0, quotas: {} },
            { plan: 'starter', monthlyCost: 49, quotas: {} },
          ],
        });
      }
      if (method === 'POST' && path === '/estimate') {
        const tokens = body.quantities?.tokens ?? 0;
        return json({
          plan: body.plan,
          lines: [{ type: 'tokens', quantity: tokens, cost: tokens / 10_000 }],
          platformFee: 49,
          total: 49 + tokens / 10_000,
          currency: 'USD',
          recommendations: ['Professional would cost less at this volume'],
        });
      }
      return errorResponse(404, 'NotFoundError', 'not found');
    }
    const [, tenant, rest] = tenantPath;
    if (!reach.includes(tenant)) {
      return errorResponse(404, 'NotFoundError', `No tenant ${tenant}`);
    }
    if (method === 'GET' && rest === '/usage') {
      return json({
        tenant,
        period: PERIOD,
        usage: [
          { type: 'tokens', quantity: 1_000_000, cost: 100 },
          { type: 'api_call', quantity: 500, cost: 0.05 },
        ],
        costs: {
          usage: 100.05,
          adjustments: adjustments.reduce((sum, a) => sum + a.amount, 0),
          total: 100.05 + adjustments.reduce((sum, a) => sum + a.amount, 0),
          currency: 'USD',
        },
      });
    }
    if (method === 'GET' && rest === '/usage/details') {
      return json({
        tenant,
        period: PERIOD,
        groupBy: 'day',
        breakdown: [
          { key: '2026-12-01', quantities: { tokens: 400_000 }, cost: 40 },
          {
            key: '2026-12-02',
            quantities: { tokens: 600_000, api_call: 500 },
            cost: 60.05,
          },
        ],
      });
    }
    if (method === 'GET' && rest === '/periods') {
      return json({ items: [{ ...PERIOD, totalCost: 100.05 }] });
    }
    if (method === 'GET' && rest === '/quotas') {
      return json({ tenant, plan: 'professional', quotas });
    }
    const quotaPath = /^\/quotas\/(.+)$/.exec(rest);
    if (method === 'PUT' && quotaPath) {
      const index = quotas.findIndex(q => q.resourceType === quotaPath[1]);
      const previousLimit = quotas[index].limit;
      quotas[index] = {
        ...quota(quotaPath[1], quotas[index].used, body.limit),
        source: 'tenant',
      };
      return json({
        resourceType: quotaPath[1],
        previousLimit,
        newLimit: body.limit,
        updatedAt: '2026-12-05T00:00:00Z',
      });
    }
    if (rest === '/budget') {
      if (method === 'PUT') {
        budget = {
          tenant,
          monthlyAmount: body.monthlyAmount,
          thresholds: body.thresholds ?? [80, 90],
          hardCap: !!body.hardCap,
          period: PERIOD.id,
          spent: 100.05,
          percentageUsed:
            Math.round((100.05 / body.monthlyAmount) * 10000) / 100,
          crossedThresholds: [],
          overCap: false,
        };
      }
      return budget
        ? json(budget)
        : errorResponse(404, 'NotFoundError', `No budget for ${tenant}`);
    }
    if (rest === '/adjustments') {
      if (method === 'POST') {
        const adjustment = {
          id: `adj-${adjustments.length + 1}`,
          tenant,
          period: PERIOD.id,
          amount: body.amount,
          reason: body.reason,
          createdBy: 'user:default/ada',
          createdAt: '2026-12-05T00:00:00Z',
        };
        adjustments.push(adjustment);
        return json(adjustment, 201);
      }
      return json({ items: adjustments });
    }
    return errorResponse(404, 'NotFoundError', 'not found');
  });
  return { ...backend, api: new BillingClient(backend) };
}

export type FakeBillingBackend = ReturnType<typeof fakeBillingBackend>;

/**
 * Renders with the real client on `backend`, the billing route mounted at
 * `/billing`, and the permission mock deciding as `permissions` say
 * (default: everything allowed).
 */
export async function renderBilling(
  element: JSX.Element,
  options: {
    backend: FakeBillingBackend;
    path?: string;
    permissions?: PermissionOptions;
  },
) {
  await renderWithApis(element, {
    ...options.permissions,
    apis: [[billingApiRef, options.backend.api]],
    initialRouteEntries: options.path ? [options.path] : undefined,
    mountPath: '/billing/*',
    mountedRoutes: { '/billing': rootRouteRef },
  });
}

import {
  OpenApiClient,
  PluginApiClientOptions,
} from '@controlplane/frontend-common';
import {
  BillingApiPaths,
  BudgetInput,
  EstimateInput,
} from '@controlplane/plugin-billing-common';
import { BillingApi, GroupBy } from './BillingApi';

/**
 * Talks to the billing backend through the app's fetch and discovery APIs.
 * Paths, parameters and answers are checked against the contract at
 * compile time; an answer that is not 2xx is thrown as a ResponseError.
 */
export class BillingClient implements BillingApi {
  private readonly api: OpenApiClient<BillingApiPaths>;

  constructor(options: PluginApiClientOptions) {
    this.api = new OpenApiClient({ ...options, pluginId: 'billing' });
  }

  listTenantUsage(period?: string) {
    return this.api.call('get', '/usage', { query: { period } });
  }

  listTenants(query: { mine?: boolean; limit?: number } = {}) {
    return this.api.call('get', '/tenants', {
      query: {
        mine: query.mine ? 'true' : undefined,
        limit: query.limit === undefined ? undefined : String(query.limit),
      },
    });
  }

  listBudgetAlerts(query: { since?: string; limit?: number } = {}) {
    return this.api.call('get', '/budget-alerts', {
      query: {
        since: query.since,
        limit: query.limit === undefined ? undefined : String(query.limit),
      },
    });
  }

  getUsage(tenant: string, period?: string) {
    return this.api.call('get', '/tenants/{tenant}/usage', {
      path: { tenant },
      query: { period },
    });
  }

  getUsageDetails(tenant: string, groupBy: GroupBy, period?: string) {
    return this.api.call('get', '/tenants/{tenant}/usage/details', {
      path: { tenant },
      query: { groupBy, period },
    });
  }

  listPeriods(tenant: string) {
    return this.api.call('get', '/tenants/{tenant}/periods', {
      path: { tenant },
    });
  }

  listQuotas(tenant: string) {
    return this.api.call('get', '/tenants/{tenant}/quotas', {
      path: { tenant },
    });
  }

  updateQuota(
    tenant: string,
    resourceType: string,
    limit: number,
    reason?: string,
  ) {
    return this.api.call('put', '/tenants/{tenant}/quotas/{resourceType}', {
      path: { tenant, resourceType },
      body: { limit, ...(reason ? { reason } : {}) },
    });
  }

  async getBudget(tenant: string) {
    try {
      return await this.api.call('get', '/tenants/{tenant}/budget', {
        path: { tenant },
      });
    } catch (error) {
      // No budget set: the backend answers 404 for a tenant in reach.
      if ((error as { statusCode?: number }).statusCode === 404) {
        return undefined;
      }
      throw error;
    }
  }

  setBudget(tenant: string, budget: BudgetInput) {
    return this.api.call('put', '/tenants/{tenant}/budget', {
      path: { tenant },
      body: budget,
    });
  }

  listAdjustments(tenant: string) {
    return this.api.call('get', '/tenants/{tenant}/adjustments', {
      path: { tenant },
    });
  }

  createAdjustment(tenant: string, amount: number, reason: string) {
    return this.api.call('post', '/tenants/{tenant}/adjustments', {
      path: { tenant },
      body: { amount, reason },
    });
  }

  getPricing() {
    return this.api.call('get', '/pricing', {});
  }

  estimate(input: EstimateInput) {
    return this.api.call('post', '/estimate', { body: input });
  }
}

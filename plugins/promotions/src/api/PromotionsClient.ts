import {
  OpenApiClient,
  PluginApiClientOptions,
} from '@controlplane/frontend-common';
import {
  Environment,
  FreezeInput,
  NewRequest,
  PolicyInput,
  PromotionsApiPaths,
  RuleInput,
} from '@controlplane/plugin-promotions-common';
import {
  DeploymentQuery,
  EvidenceInput,
  PromotionsApi,
  RequestQuery,
} from './PromotionsApi';

/**
 * Talks to the promotions backend through the app's fetch and discovery
 * APIs. Paths, parameters and answers are checked against the contract at
 * compile time; an answer that is not 2xx is thrown as a ResponseError.
 */
export class PromotionsClient implements PromotionsApi {
  private readonly api: OpenApiClient<PromotionsApiPaths>;

  constructor(options: PluginApiClientOptions) {
    this.api = new OpenApiClient({ ...options, pluginId: 'promotions' });
  }

  listRequests(query: RequestQuery = {}) {
    return this.api.call('get', '/requests', { query });
  }

  getRequest(id: string) {
    return this.api.call('get', '/requests/{id}', { path: { id } });
  }

  createRequest(request: NewRequest) {
    return this.api.call('post', '/requests', { body: request });
  }

  addEvidence(id: string, evidence: EvidenceInput) {
    return this.api.call('post', '/requests/{id}/evidence', {
      path: { id },
      body: evidence,
    });
  }

  approve(id: string, comment?: string) {
    return this.api.call('post', '/requests/{id}/approve', {
      path: { id },
      body: { comment },
    });
  }

  reject(id: string, reason: string) {
    return this.api.call('post', '/requests/{id}/reject', {
      path: { id },
      body: { reason },
    });
  }

  withdraw(id: string, reason?: string) {
    return this.api.call('post', '/requests/{id}/withdraw', {
      path: { id },
      body: { reason },
    });
  }

  requestOverride(id: string, reason: string) {
    return this.api.call('post', '/requests/{id}/override', {
      path: { id },
      body: { reason },
    });
  }

  approveOverride(id: string, comment?: string) {
    return this.api.call('post', '/requests/{id}/override/approve', {
      path: { id },
      body: { comment },
    });
  }

  listDeployments(query: DeploymentQuery = {}) {
    return this.api.call('get', '/deployments', { query });
  }

  rollback(deploymentId: string, reason: string) {
    return this.api.call('post', '/deployments/{id}/rollback', {
      path: { id: deploymentId },
      body: { reason },
    });
  }

  listPolicies() {
    return this.api.call('get', '/policies');
  }

  updatePolicy(environment: Environment, policy: PolicyInput) {
    return this.api.call('put', '/policies/{environment}', {
      path: { environment },
      body: policy,
    });
  }

  listRules() {
    return this.api.call('get', '/rules');
  }

  createRule(rule: RuleInput) {
    return this.api.call('post', '/rules', { body: rule });
  }

  updateRule(id: string, rule: RuleInput) {
    return this.api.call('put', '/rules/{id}', { path: { id }, body: rule });
  }

  listFreezes(all?: boolean) {
    return this.api.call('get', '/freezes', {
      query: { all: all ? 'true' : undefined },
    });
  }

  createFreeze(freeze: FreezeInput) {
    return this.api.call('post', '/freezes', { body: freeze });
  }

  liftFreeze(id: string, reason?: string) {
    return this.api.call('post', '/freezes/{id}/lift', {
      path: { id },
      body: { reason },
    });
  }
}

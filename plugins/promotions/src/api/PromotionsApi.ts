import { createApiRef } from '@backstage/frontend-plugin-api';
import { QueryParams, RequestBody } from '@controlplane/common';
import {
  DeploymentPage,
  Environment,
  Freeze,
  FreezeInput,
  NewRequest,
  Policy,
  PolicyInput,
  PromotionRequest,
  PromotionsApiOperations,
  RequestPage,
  Rule,
  RuleInput,
} from '@controlplane/plugin-promotions-common';

type Operations = PromotionsApiOperations;

/** What a request list asks for: status, target, tenant, mine, decidable, paging. */
export type RequestQuery = QueryParams<Operations['ListRequests']>;
/** What the deployment list asks for: target, tenant, environment, drift, paging. */
export type DeploymentQuery = QueryParams<Operations['ListDeployments']>;
/** The evidence a requester or CI adds to an open request. */
export type EvidenceInput = RequestBody<Operations['AddEvidence']>;

/**
 * The promotions backend's REST API at `/api/promotions`. Every type comes
 * from its openapi.yaml (generated into the -common package).
 */
export interface PromotionsApi {
  listRequests(query?: RequestQuery): Promise<RequestPage>;
  getRequest(id: string): Promise<PromotionRequest>;
  createRequest(request: NewRequest): Promise<PromotionRequest>;
  addEvidence(id: string, evidence: EvidenceInput): Promise<PromotionRequest>;
  approve(id: string, comment?: string): Promise<PromotionRequest>;
  reject(id: string, reason: string): Promise<PromotionRequest>;
  withdraw(id: string, reason?: string): Promise<PromotionRequest>;
  requestOverride(id: string, reason: string): Promise<PromotionRequest>;
  approveOverride(id: string, comment?: string): Promise<PromotionRequest>;
  listDeployments(query?: DeploymentQuery): Promise<DeploymentPage>;
  rollback(deploymentId: string, reason: string): Promise<PromotionRequest>;
  listPolicies(): Promise<{ items: Policy[] }>;
  updatePolicy(environment: Environment, policy: PolicyInput): Promise<Policy>;
  listRules(): Promise<{ items: Rule[] }>;
  createRule(rule: RuleInput): Promise<Rule>;
  updateRule(id: string, rule: RuleInput): Promise<Rule>;
  listFreezes(all?: boolean): Promise<{ items: Freeze[] }>;
  createFreeze(freeze: FreezeInput): Promise<Freeze>;
  liftFreeze(id: string, reason?: string): Promise<Freeze>;
}

export const promotionsApiRef = createApiRef<PromotionsApi>({
  id: 'plugin.promotions.api',
});

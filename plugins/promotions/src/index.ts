/**
 * The promotions page, the Promotions card of agent and app pages, and the
 * client of the promotions REST API.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { promotionsApiRef, PromotionsClient } from './api';
export type {
  DeploymentQuery,
  EvidenceInput,
  PromotionsApi,
  RequestQuery,
} from './api';

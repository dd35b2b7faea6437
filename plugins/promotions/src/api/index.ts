export { promotionsApiRef } from './PromotionsApi';
export type {
  DeploymentQuery,
  EvidenceInput,
  PromotionsApi,
  RequestQuery,
} from './PromotionsApi';
export { PromotionsClient } from './PromotionsClient';

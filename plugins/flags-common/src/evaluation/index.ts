export { murmur3 } from './murmur3';
export {
  ROLLOUT_BUCKETS,
  rolloutBucket,
  rolloutPreview,
  variantOfBucket,
} from './rollout';
export {
  constraintHolds,
  constraintProblem,
  EvaluationError,
} from './constraints';
export {
  evaluateFlag,
  flagNotFound,
  type EvaluatedFlag,
  type LayerValue,
  type TenantLayers,
} from './evaluate';

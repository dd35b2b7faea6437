export { flagsApiRef } from './FlagsApi';
export type {
  EvaluateRequest,
  FlagQuery,
  FlagsApi,
  MatrixQuery,
} from './FlagsApi';
export { FlagsClient } from './FlagsClient';

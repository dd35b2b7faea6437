export { platformHealthApiRef } from './PlatformHealthApi';
export type {
  PlatformHealthApi,
  RequestMetricsQuery,
} from './PlatformHealthApi';
export { PlatformHealthClient } from './PlatformHealthClient';

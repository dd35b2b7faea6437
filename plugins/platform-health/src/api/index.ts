export { platformHealthApiRef } from './PlatformHealthApi';
export type {
  MetricsPeriod,
  PlatformHealthApi,
  RequestMetricsQuery,
  SeriesInterval,
  SeriesMetric,
  TimeSeriesQuery,
} from './PlatformHealthApi';
export { PlatformHealthClient } from './PlatformHealthClient';

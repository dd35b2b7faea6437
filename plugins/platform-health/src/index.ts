/**
 * The platform dashboard (`/platform`: platform health, tenant health and
 * outliers, usage, revenue, security, incidents), the system metrics page,
 * one tenant's health page, and the client of the platform-health REST API.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { platformHealthApiRef, PlatformHealthClient } from './api';
export type {
  MetricsPeriod,
  PlatformHealthApi,
  RequestMetricsQuery,
  SeriesInterval,
  SeriesMetric,
  TimeSeriesQuery,
} from './api';

import { createApiRef } from '@backstage/frontend-plugin-api';
import { QueryParams } from '@controlplane/common';
import {
  ErrorAnalytics,
  MetricsSummary,
  MetricsTimeSeries,
  PlatformHealthApiOperations,
  PlatformOverview,
  RequestMetricsReport,
} from '@controlplane/plugin-platform-health-common';

type Operations = PlatformHealthApiOperations;

/** What the request metrics are asked for: window, grouping, one plugin. */
export type RequestMetricsQuery = QueryParams<Operations['RequestMetrics']>;

/** The period of the executive metrics: `24h`, `7d` (the default), `30d`, `90d`. */
export type MetricsPeriod = NonNullable<
  QueryParams<Operations['MetricsSummary']>['period']
>;

/** One metric over a period at an interval (seed 000 Flow 7.2). */
export type TimeSeriesQuery = QueryParams<Operations['MetricsTimeSeries']>;

/** What a time series can show. */
export type SeriesMetric = TimeSeriesQuery['metric'];

/** The interval of a time series: `1h` or `1d`. */
export type SeriesInterval = NonNullable<TimeSeriesQuery['interval']>;

/**
 * The platform-health backend's REST API at `/api/platform-health`. Every
 * type comes from its openapi.yaml (generated into the -common package).
 */
export interface PlatformHealthApi {
  /** The platform overview, or one tenant's (404 when out of reach). */
  overview(tenant?: string): Promise<PlatformOverview>;
  requestMetrics(query?: RequestMetricsQuery): Promise<RequestMetricsReport>;
  /**
   * The executive summary of `period` with trends against the period
   * before; executions and tokens are null without billing.
   */
  metricsSummary(period?: MetricsPeriod): Promise<MetricsSummary>;
  /**
   * One metric over time; a 503 for executions and tokens when billing
   * does not answer.
   */
  metricsTimeSeries(query: TimeSeriesQuery): Promise<MetricsTimeSeries>;
  /** The failed requests of `period` by type, app and plugin. */
  errorAnalytics(period?: MetricsPeriod): Promise<ErrorAnalytics>;
}

export const platformHealthApiRef = createApiRef<PlatformHealthApi>({
  id: 'plugin.platform-health.api',
});

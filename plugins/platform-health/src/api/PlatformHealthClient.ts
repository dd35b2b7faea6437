import {
  OpenApiClient,
  PluginApiClientOptions,
} from '@controlplane/frontend-common';
import { PlatformHealthApiPaths } from '@controlplane/plugin-platform-health-common';
import {
  MetricsPeriod,
  PlatformHealthApi,
  RequestMetricsQuery,
  TimeSeriesQuery,
} from './PlatformHealthApi';

/**
 * Talks to the platform-health backend through the app's fetch and discovery
 * APIs. Paths, parameters and answers are checked against the contract at
 * compile time; an answer that is not 2xx is thrown as a ResponseError.
 */
export class PlatformHealthClient implements PlatformHealthApi {
  private readonly api: OpenApiClient<PlatformHealthApiPaths>;

  constructor(options: PluginApiClientOptions) {
    this.api = new OpenApiClient({ ...options, pluginId: 'platform-health' });
  }

  overview(tenant?: string) {
    return this.api.call('get', '/overview', { query: { tenant } });
  }

  requestMetrics(query: RequestMetricsQuery = {}) {
    return this.api.call('get', '/metrics/requests', { query });
  }

  metricsSummary(period?: MetricsPeriod) {
    return this.api.call('get', '/metrics/summary', { query: { period } });
  }

  metricsTimeSeries(query: TimeSeriesQuery) {
    return this.api.call('get', '/metrics/timeseries', { query });
  }

  errorAnalytics(period?: MetricsPeriod) {
    return this.api.call('get', '/metrics/errors', { query: { period } });
  }
}

import { createApiRef } from '@backstage/frontend-plugin-api';
import { QueryParams } from '@controlplane/common';
import {
  PlatformHealthApiOperations,
  PlatformOverview,
  RequestMetricsReport,
} from '@controlplane/plugin-platform-health-common';

type Operations = PlatformHealthApiOperations;

/** What the request metrics are asked for: window, grouping, one plugin. */
export type RequestMetricsQuery = QueryParams<Operations['RequestMetrics']>;

/**
 * The platform-health backend's REST API at `/api/platform-health`. Every
 * type comes from its openapi.yaml (generated into the -common package).
 */
export interface PlatformHealthApi {
  /** The platform overview, or one tenant's (404 when out of reach). */
  overview(tenant?: string): Promise<PlatformOverview>;
  requestMetrics(query?: RequestMetricsQuery): Promise<RequestMetricsReport>;
}

export const platformHealthApiRef = createApiRef<PlatformHealthApi>({
  id: 'plugin.platform-health.api',
});

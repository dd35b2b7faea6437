import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { ColumnFilter } from '@controlplane/backend-common';
import {
  RequestMetricsGroup,
  RequestMetricsReport,
} from '@controlplane/plugin-platform-health-common';
import { MetricsGrouping, MetricsSums } from '../database/RequestMetricsStore';
import { PlatformHealthStores } from '../database/stores';
import { bucketQuantile } from './percentile';

const WINDOW_MINUTES = { '1h': 60, '24h': 1440 } as const;

/** The windows a report covers. */
export type MetricsWindow = keyof typeof WINDOW_MINUTES;

const MAX_GROUPS = 200;

const round = (value: number, digits: number) =>
  Math.round(value * 10 ** digits) / 10 ** digits;

/** Rate, 5xx ratio and percentiles of the stored request metrics. */
export class RequestMetricsReader {
  constructor(
    private readonly options: {
      stores: PlatformHealthStores;
      now?: () => Date;
    },
  ) {}

  /**
   * The report of the last hour or day: the minutes that started within
   * it, the current one included.
   */
  async report(query: {
    window: MetricsWindow;
    by: MetricsGrouping;
    plugin?: string;
    filter?: PermissionCriteria<ColumnFilter>;
  }): Promise<RequestMetricsReport> {
    const now = this.options.now?.() ?? new Date();
    const minutes = WINDOW_MINUTES[query.window];
    const from = new Date(now.getTime() - minutes * 60_000);
    const { requestMetrics } = this.options.stores;
    const [groups, [platform]] = await Promise.all([
      requestMetrics.sums({
        from: from.toISOString(),
        by: query.by,
        plugin: query.plugin,
        filter: query.filter,
        limit: MAX_GROUPS,
      }),
      requestMetrics
        .sums({
          from: from.toISOString(),
          by: 'plugin',
          plugin: query.plugin,
          filter: query.filter,
          limit: Number.MAX_SAFE_INTEGER,
        })
        .then(rows => [totalOf(rows)]),
    ]);
    return {
      window: query.window,
      from: from.toISOString(),
      to: now.toISOString(),
      groups: groups.map(sums => toGroup(sums, minutes)),
      totals: toGroup(platform, minutes),
    };
  }
}

function totalOf(rows: MetricsSums[]): MetricsSums {
  const total: MetricsSums = {
    plugin: '',
    requests: 0,
    errors: 0,
    buckets: [],
  };
  for (const row of rows) {
    total.requests += row.requests;
    total.errors += row.errors;
    row.buckets.forEach((count, index) => {
      total.buckets[index] = (total.buckets[index] ?? 0) + count;
    });
  }
  return total;
}

function toGroup(sums: MetricsSums, minutes: number): RequestMetricsGroup {
  const { buckets, ...names } = sums;
  return {
    ...names,
    ratePerMinute: round(sums.requests / minutes, 3),
    errorRatio: sums.requests ? round(sums.errors / sums.requests, 4) : 0,
    p50Ms: round(bucketQuantile(buckets, 0.5), 1),
    p95Ms: round(bucketQuantile(buckets, 0.95), 1),
  };
}

import { ServiceUnavailableError } from '@backstage/errors';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { ColumnFilter } from '@controlplane/backend-common';
import {
  ErrorAnalytics,
  MetricsSummary,
  MetricsTimeSeries,
} from '@controlplane/plugin-platform-health-common';
import { addSums, TimeSums } from '../database/RequestMetricsStore';
import { PlatformHealthStores } from '../database/stores';
import { UsageHour } from './BillingUsage';
import { bucketQuantile } from './percentile';

const HOUR_MS = 3_600_000;
const PERIOD_HOURS = { '24h': 24, '7d': 168, '30d': 720, '90d': 2160 };
const INTERVAL_HOURS = { '1h': 1, '1d': 24 };

/** A period of the executive metrics. */
export type MetricsPeriod = keyof typeof PERIOD_HOURS;
/** The interval of a time series. */
export type MetricsInterval = keyof typeof INTERVAL_HOURS;
/** What a time series shows. */
export type SeriesMetric = MetricsTimeSeries['metric'];

/** Whose numbers: every tenant, or a tenant-scoped caller's. */
export interface MetricsScope {
  /** The request metrics' SQL filter; none for the whole platform. */
  filter?: PermissionCriteria<ColumnFilter>;
  /** The tenants billing's usage is summed over; all when absent. */
  tenants?: string[];
}

/** Billable usage per hour, or null when billing does not answer. */
export interface UsageSource {
  hoursSince(from: Date, tenants?: string[]): Promise<UsageHour[] | null>;
}

const USAGE_METRICS = ['executions', 'tokens'] as const;
type UsageMetric = (typeof USAGE_METRICS)[number];
const isUsageMetric = (metric: SeriesMetric): metric is UsageMetric =>
  (USAGE_METRICS as readonly string[]).includes(metric);

const zero = (): TimeSums => ({
  requests: 0,
  serverErrors: 0,
  clientErrors: 0,
  rateLimited: 0,
  durationSumMs: 0,
  buckets: new Array(14).fill(0),
});

const round = (value: number, digits = 4) =>
  Math.round(value * 10 ** digits) / 10 ** digits;

function valueOf(metric: SeriesMetric, sums: TimeSums): number {
  switch (metric) {
    case 'requests':
      return sums.requests;
    case 'errors':
      return sums.serverErrors;
    case 'error_rate':
      return sums.requests ? round(sums.serverErrors / sums.requests) : 0;
    case 'avg_latency_ms':
      return sums.requests ? round(sums.durationSumMs / sums.requests, 1) : 0;
    case 'p95_latency_ms':
      return round(bucketQuantile(sums.buckets, 0.95), 1);
    default:
      return 0;
  }
}

const hourKey = (time: Date | string) =>
  new Date(time).toISOString().slice(0, 13);

/** `+15%`, `-5%`; `n/a` without a previous value. */
function trend(current: number, previous: number): string {
  if (previous === 0) return current === 0 ? '0%' : 'n/a';
  const change = ((current - previous) / previous) * 100;
  if (change === 0) return '0%';
  return `${change >= 0 ? '+' : ''}${round(change, 1)}%`;
}

/**
 * Seed 000's executive metrics (Flow 7) over the request metrics: a
 * summary with trends against the previous period, time series, and error
 * analytics. Minutes are read for the last hours, the hourly rollup before
 * them, so 90 days cost a few hundred rows. Executions and tokens come from
 * billing's hourly usage, one call per answer.
 */
export class ExecutiveMetrics {
  constructor(
    private readonly options: {
      stores: PlatformHealthStores;
      usage: UsageSource;
      now?: () => Date;
    },
  ) {}

  #now() {
    return this.options.now?.() ?? new Date();
  }

  /** The start of the hour `hoursAgo` hours before this hour ends. */
  #hourStart(hoursAgo: number): Date {
    const now = this.#now().getTime();
    const thisHour = now - (now % HOUR_MS);
    return new Date(thisHour - (hoursAgo - 1) * HOUR_MS);
  }

  async #perHour(
    from: Date,
    filter?: PermissionCriteria<ColumnFilter>,
    plugin?: string,
  ) {
    const { requestMetrics } = this.options.stores;
    return requestMetrics.sumsOverTime({
      from: from.toISOString(),
      watermark: await requestMetrics.watermark(),
      by: 'hour',
      plugin,
      filter,
    });
  }

  async timeSeries(
    query: {
      metric: SeriesMetric;
      period: MetricsPeriod;
      interval: MetricsInterval;
      plugin?: string;
    } & MetricsScope,
  ): Promise<MetricsTimeSeries> {
    const hours = PERIOD_HOURS[query.period];
    const step = INTERVAL_HOURS[query.interval];
    const from = this.#hourStart(hours);
    const { metric } = query;
    /** The hours of the interval starting `start` hours after `from`. */
    const hoursOf = (start: number) => {
      const keys = [];
      for (let h = start; h < Math.min(start + step, hours); h++) {
        keys.push(hourKey(new Date(from.getTime() + h * HOUR_MS)));
      }
      return keys;
    };
    if (isUsageMetric(metric)) {
      const usage = await this.options.usage.hoursSince(from, query.tenants);
      if (!usage) {
        throw new ServiceUnavailableError(
          `The billing plugin did not answer; ${metric} cannot be shown`,
        );
      }
      const perHour = new Map(
        usage.map(hour => [hourKey(hour.hour), hour[metric]]),
      );
      return this.#series(query, from, start =>
        hoursOf(start).reduce((sum, key) => sum + (perHour.get(key) ?? 0), 0),
      );
    }
    const perHour = new Map(
      (await this.#perHour(from, query.filter, query.plugin)).map(row => [
        row.key,
        row.sums,
      ]),
    );
    return this.#series(query, from, start =>
      valueOf(
        metric,
        hoursOf(start).reduce(
          (sums, key) => addSums(sums, perHour.get(key) ?? zero()),
          zero(),
        ),
      ),
    );
  }

  /** Every interval of the period, oldest first, valued by `valueAt`. */
  #series(
    query: {
      metric: SeriesMetric;
      period: MetricsPeriod;
      interval: MetricsInterval;
    },
    from: Date,
    valueAt: (startHour: number) => number,
  ): MetricsTimeSeries {
    const hours = PERIOD_HOURS[query.period];
    const step = INTERVAL_HOURS[query.interval];
    const data: MetricsTimeSeries['data'] = [];
    for (let start = 0; start < hours; start += step) {
      data.push({
        timestamp: new Date(from.getTime() + start * HOUR_MS).toISOString(),
        value: valueAt(start),
      });
    }
    return {
      metric: query.metric,
      period: query.period,
      interval: query.interval,
      data,
    };
  }

  async summary(
    query: { period: MetricsPeriod } & MetricsScope,
  ): Promise<MetricsSummary> {
    const hours = PERIOD_HOURS[query.period];
    const previousFrom = this.#hourStart(2 * hours);
    const currentFrom = hourKey(this.#hourStart(hours));
    const [requests, usage] = await Promise.all([
      this.#perHour(previousFrom, query.filter),
      this.options.usage.hoursSince(previousFrom, query.tenants),
    ]);
    let current = zero();
    let previous = zero();
    for (const row of requests) {
      if (row.key >= currentFrom) current = addSums(current, row.sums);
      else previous = addSums(previous, row.sums);
    }
    const billed = {
      current: { executions: 0, tokens: 0 },
      previous: { executions: 0, tokens: 0 },
    };
    for (const hour of usage ?? []) {
      const side =
        hourKey(hour.hour) >= currentFrom ? billed.current : billed.previous;
      side.executions += hour.executions;
      side.tokens += hour.tokens;
    }
    const rate = (sums: TimeSums) => valueOf('error_rate', sums);
    return {
      period: query.period,
      summary: {
        total_requests: current.requests,
        error_rate: rate(current),
        success_rate: current.requests ? round(1 - rate(current)) : 1,
        avg_latency_ms: valueOf('avg_latency_ms', current),
        p95_latency_ms: valueOf('p95_latency_ms', current),
        rate_limited: current.rateLimited,
        total_executions: usage ? billed.current.executions : null,
        total_tokens: usage ? billed.current.tokens : null,
      },
      trends: {
        requests: trend(current.requests, previous.requests),
        latency: trend(
          valueOf('avg_latency_ms', current),
          valueOf('avg_latency_ms', previous),
        ),
        error_rate: trend(rate(current), rate(previous)),
        executions: usage
          ? trend(billed.current.executions, billed.previous.executions)
          : 'n/a',
        tokens: usage
          ? trend(billed.current.tokens, billed.previous.tokens)
          : 'n/a',
      },
    };
  }

  async errors(
    query: { period: MetricsPeriod } & MetricsScope,
  ): Promise<ErrorAnalytics> {
    const { requestMetrics } = this.options.stores;
    const from = this.#hourStart(PERIOD_HOURS[query.period]).toISOString();
    const watermark = await requestMetrics.watermark();
    const grouped = (by: 'app' | 'plugin') =>
      requestMetrics.sumsOverTime({
        from,
        watermark,
        by,
        filter: query.filter,
      });
    const [byApp, byPlugin] = await Promise.all([
      grouped('app'),
      grouped('plugin'),
    ]);
    const total = byPlugin.reduce((sum, row) => addSums(sum, row.sums), zero());
    const failed = (sums: TimeSums) =>
      sums.serverErrors + sums.clientErrors + sums.rateLimited;
    const totalErrors = failed(total);
    const types: Array<{
      type: ErrorAnalytics['by_type'][number]['type'];
      count: number;
    }> = [
      { type: 'server_error', count: total.serverErrors },
      { type: 'client_error', count: total.clientErrors },
      { type: 'rate_limit', count: total.rateLimited },
    ];
    const busiest = (rows: typeof byApp) =>
      rows
        .map(row => ({ name: row.key, errors: failed(row.sums) }))
        .filter(row => row.errors > 0)
        .sort((a, b) => b.errors - a.errors || a.name.localeCompare(b.name))
        .slice(0, 20);
    return {
      period: query.period,
      total_requests: total.requests,
      total_errors: totalErrors,
      error_rate: total.requests ? round(totalErrors / total.requests) : 0,
      by_type: types
        .filter(type => type.count > 0)
        .sort((a, b) => b.count - a.count)
        .map(type => ({
          ...type,
          percentage: round((type.count / totalErrors) * 100, 1),
        })),
      by_app: busiest(byApp.filter(row => row.key !== '')).map(row => ({
        app: row.name,
        errors: row.errors,
      })),
      by_plugin: busiest(byPlugin).map(row => ({
        plugin: row.name,
        errors: row.errors,
      })),
    };
  }
}

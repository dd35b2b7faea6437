import { MetricsPeriod, SeriesInterval, SeriesMetric } from '../api';
import { compact, count, millis, percent } from './format';

/** The periods of the executive metrics, shortest first. */
export const PERIODS: readonly MetricsPeriod[] = ['24h', '7d', '30d', '90d'];

/** The intervals of a time series. */
export const INTERVALS: readonly SeriesInterval[] = ['1h', '1d'];

/** The metrics a time series can show, in the order the page offers them. */
export const METRICS: readonly SeriesMetric[] = [
  'requests',
  'errors',
  'error_rate',
  'avg_latency_ms',
  'p95_latency_ms',
  'executions',
  'tokens',
];

/** How one metric is named and shown. */
export interface MetricInfo {
  /** Its name, e.g. `Error rate`. */
  label: string;
  /** One value, e.g. `1.25%`. */
  format: (value: number) => string;
  /** One value on an axis, shorter, e.g. `5.3M`. */
  tick: (value: number) => string;
  /** Whether it comes from the billing plugin (and may be unavailable). */
  billing?: boolean;
}

const volume = (label: string, billing?: boolean): MetricInfo => ({
  label,
  format: count,
  tick: compact,
  billing,
});

const latency = (label: string): MetricInfo => ({
  label,
  format: millis,
  tick: value => `${compact(value)} ms`,
});

export const METRIC_INFO: Record<SeriesMetric, MetricInfo> = {
  requests: volume('Requests'),
  errors: volume('5xx errors'),
  error_rate: { label: 'Error rate (5xx)', format: percent, tick: percent },
  avg_latency_ms: latency('Avg latency'),
  p95_latency_ms: latency('p95 latency'),
  executions: volume('Executions', true),
  tokens: volume('Tokens', true),
};

/** The interval a period's chart starts with: hours up to 7 days, days beyond. */
export const defaultInterval = (period: MetricsPeriod): SeriesInterval =>
  period === '24h' || period === '7d' ? '1h' : '1d';

import useAsync from 'react-use/esm/useAsync';
import { Box } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import Skeleton from '@material-ui/lab/Skeleton';
import { Link } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  ErrorAlert,
  errorMessage,
  PortalPage,
  useUrlParams,
} from '@controlplane/frontend-common';
import { MetricsPeriod, platformHealthApiRef } from '../api';
import { Choice, pick } from './Choice';
import { ErrorAnalyticsTables } from './ErrorAnalyticsTables';
import { systemPath, usePlatformRoot } from './links';
import {
  defaultInterval,
  INTERVALS,
  METRIC_INFO,
  METRICS,
  PERIODS,
} from './metrics';
import { SummaryTiles } from './SummaryTiles';
import { TimeSeriesChart } from './TimeSeriesChart';
import { Section } from './Widget';

const CHART_HEIGHT = 280;

/** The summary of the period, with its trends (Flow 7.1). */
const Summary = (props: { period: MetricsPeriod }) => {
  const { period } = props;
  const api = useApi(platformHealthApiRef);
  const { value, error } = useAsync(
    () => api.metricsSummary(period),
    [api, period],
  );
  const summary = value?.period === period ? value : undefined;
  if (error) return <BackendErrorPanel error={error} />;
  if (!summary) return <Skeleton variant="rect" height={120} />;
  return <SummaryTiles summary={summary} />;
};

/**
 * One metric over the period at an interval (Flow 7.2), both chosen here and
 * kept in the URL. Executions and tokens come from billing: when it does not
 * answer (503), its message takes the chart's place.
 */
const OverTime = (props: { period: MetricsPeriod }) => {
  const { period } = props;
  const api = useApi(platformHealthApiRef);
  const { params, update } = useUrlParams();
  const metric = pick(METRICS, params.get('metric'), 'requests');
  const interval = pick(
    INTERVALS,
    params.get('interval'),
    defaultInterval(period),
  );
  const { value, loading, error } = useAsync(
    () => api.metricsTimeSeries({ metric, period, interval }),
    [api, metric, period, interval],
  );
  const series =
    value?.metric === metric &&
    value.period === period &&
    value.interval === interval
      ? value
      : undefined;
  const info = METRIC_INFO[metric];
  const unavailable = ResponseError.is(error) && error.statusCode === 503;
  return (
    <>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        mb={2}
        style={{ gap: 16 }}
      >
        <Choice
          label="Metric"
          values={METRICS}
          value={metric}
          valueLabel={m => METRIC_INFO[m].label}
          onChange={m => update({ metric: m })}
        />
        <Choice
          label="Interval"
          values={INTERVALS}
          value={interval}
          onChange={i => update({ interval: i })}
        />
      </Box>
      {error && !loading && unavailable && (
        <Alert severity="info" role="alert">
          {info.label} are not available right now: {errorMessage(error)}
        </Alert>
      )}
      {error && !loading && !unavailable && <ErrorAlert error={error} />}
      {!error && !series && <Skeleton variant="rect" height={CHART_HEIGHT} />}
      {series && (
        <TimeSeriesChart
          label={`${info.label} per ${interval === '1h' ? 'hour' : 'day'}`}
          series={series}
          height={CHART_HEIGHT}
        />
      )}
    </>
  );
};

/** The failed requests of the period (Flow 7.3). */
const Errors = (props: { period: MetricsPeriod }) => {
  const { period } = props;
  const api = useApi(platformHealthApiRef);
  const { value, error } = useAsync(
    () => api.errorAnalytics(period),
    [api, period],
  );
  const analytics = value?.period === period ? value : undefined;
  if (error) return <BackendErrorPanel error={error} />;
  if (!analytics) return <Skeleton variant="rect" height={200} />;
  return <ErrorAnalyticsTables analytics={analytics} />;
};

/**
 * The executive metrics at `/platform/metrics` (seed 000 Flow 7): the
 * summary of a period (24h, 7d, 30d or 90d, kept in the URL) against the
 * period before, one metric over time, and the failed requests by type,
 * app and plugin.
 */
export const ExecutiveMetricsPage = () => {
  const root = usePlatformRoot();
  const { params, update } = useUrlParams();
  const period = pick(PERIODS, params.get('period'), '7d');
  return (
    <PortalPage
      title="Executive metrics"
      subtitle="Requests, errors, latency, executions and tokens over a period, against the period before"
    >
      <Box mb={1} display="flex" style={{ gap: 16 }}>
        <Link to={root}>Platform dashboard</Link>
        <Link to={systemPath(root)}>System metrics</Link>
      </Box>
      <Box mb={3}>
        <Choice
          label="Period"
          values={PERIODS}
          value={period}
          onChange={p => update({ period: p })}
        />
      </Box>
      <Section title="Summary">
        <Summary period={period} />
      </Section>
      <Section title="Over time">
        <OverTime period={period} />
      </Section>
      <Section title="Error analytics">
        <Errors period={period} />
      </Section>
    </PortalPage>
  );
};

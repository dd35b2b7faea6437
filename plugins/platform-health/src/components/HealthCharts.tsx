import useAsync from 'react-use/esm/useAsync';
import { Grid } from '@material-ui/core';
import Skeleton from '@material-ui/lab/Skeleton';
import { useApi } from '@backstage/frontend-plugin-api';
import { platformHealthApiRef, SeriesMetric } from '../api';
import { metricsPath, usePlatformRoot } from './links';
import { TimeSeriesChart } from './TimeSeriesChart';
import { NotLoaded } from './Unavailable';
import { Widget } from './Widget';

const HEIGHT = 140;

/** The charts of the last day, hour by hour. */
const CHARTS: { metric: SeriesMetric; title: string }[] = [
  { metric: 'requests', title: 'Requests per hour (24h)' },
  { metric: 'error_rate', title: '5xx error rate (24h)' },
  { metric: 'p95_latency_ms', title: 'p95 latency (24h)' },
];

/**
 * One metric of the last 24 hours, hourly, linking to the executive metrics
 * with that metric chosen. Read on its own: if it fails, it says so in its
 * place and the rest of the dashboard stays.
 */
const HealthChart = (props: { metric: SeriesMetric; title: string }) => {
  const { metric, title } = props;
  const api = useApi(platformHealthApiRef);
  const root = usePlatformRoot();
  const { value, error } = useAsync(
    () => api.metricsTimeSeries({ metric, period: '24h', interval: '1h' }),
    [api, metric],
  );
  return (
    <Widget
      title={title}
      link={{
        to: metricsPath(root, { period: '24h', metric }),
        label: 'Executive metrics',
      }}
    >
      {error && <NotLoaded what="This chart is" error={error} />}
      {!error && !value && <Skeleton variant="rect" height={HEIGHT} />}
      {value && (
        <TimeSeriesChart label={title} series={value} height={HEIGHT} compact />
      )}
    </Widget>
  );
};

/** Requests, 5xx error rate and p95 latency of the last day, as charts. */
export const HealthCharts = () => (
  <Grid container spacing={3}>
    {CHARTS.map(chart => (
      <Grid item xs={12} md={4} key={chart.metric}>
        <HealthChart metric={chart.metric} title={chart.title} />
      </Grid>
    ))}
  </Grid>
);

import { Box, Typography } from '@material-ui/core';
import { useTheme } from '@material-ui/core/styles';
import {
  Area,
  AreaChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { MetricsTimeSeries } from '@controlplane/plugin-platform-health-common';
import { METRIC_INFO } from './metrics';

/** A point in time as an axis tick or a tooltip shows it. */
function timeLabel(
  ms: number,
  series: Pick<MetricsTimeSeries, 'period' | 'interval'>,
  full = false,
): string {
  const date = new Date(ms);
  const day = { month: 'short', day: 'numeric' } as const;
  const hour = {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  } as const;
  if (series.interval === '1d') return date.toLocaleString('en-US', day);
  if (series.period === '24h' && !full) {
    return date.toLocaleString('en-US', hour);
  }
  return date.toLocaleString('en-US', { ...day, ...hour });
}

/**
 * One metric over time as an area chart (recharts): time along, the
 * metric's values up, a tooltip per interval, and below a caption with the
 * peak and the latest value. The figure is named by `label`. Its width
 * follows its container, its height is fixed.
 */
export const TimeSeriesChart = (props: {
  /** The figure's accessible name, e.g. `Requests per hour, last 24h`. */
  label: string;
  series: MetricsTimeSeries;
  /** In pixels. */
  height: number;
  /** Small, for a dashboard tile: no grid, fewer ticks. */
  compact?: boolean;
}) => {
  const { series, compact } = props;
  const theme = useTheme();
  const info = METRIC_INFO[series.metric];
  const color =
    series.metric === 'error_rate' || series.metric === 'errors'
      ? theme.palette.error.main
      : theme.palette.primary.main;
  const data = series.data.map(point => ({
    time: Date.parse(point.timestamp),
    value: point.value,
  }));
  const values = data.map(point => point.value);
  const peak = Math.max(0, ...values);
  const latest = values[values.length - 1];
  return (
    <Box component="figure" m={0} aria-label={props.label}>
      {data.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No data in this period.
        </Typography>
      ) : (
        <>
          <ResponsiveContainer width="100%" height={props.height}>
            <AreaChart
              data={data}
              margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
            >
              {!compact && <CartesianGrid strokeDasharray="3 3" />}
              <XAxis
                dataKey="time"
                type="number"
                scale="time"
                domain={['dataMin', 'dataMax']}
                tickFormatter={(ms: number) => timeLabel(ms, series)}
                minTickGap={compact ? 40 : 24}
                tick={{ fontSize: 11 }}
              />
              <YAxis
                tickFormatter={info.tick}
                width={compact ? 48 : 64}
                tick={{ fontSize: 11 }}
                allowDecimals={series.metric === 'error_rate'}
                {...(series.metric === 'error_rate' && {
                  // Up to 1% at least, not 0 to 4 (400%) when all is well.
                  domain: [0, (max: number) => Math.max(max, 0.01)],
                })}
              />
              <Tooltip
                labelFormatter={(ms: number) => timeLabel(ms, series, true)}
                formatter={(value: number) => [info.format(value), info.label]}
              />
              <Area
                type="monotone"
                dataKey="value"
                name={info.label}
                stroke={color}
                fill={color}
                fillOpacity={0.15}
                isAnimationActive={false}
              />
            </AreaChart>
          </ResponsiveContainer>
          <Typography
            component="figcaption"
            variant="caption"
            color="textSecondary"
          >
            Peak {info.format(peak)} · latest {info.format(latest)}
          </Typography>
        </>
      )}
    </Box>
  );
};

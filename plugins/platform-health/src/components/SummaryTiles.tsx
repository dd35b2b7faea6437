import { Box, Grid, Paper, Typography } from '@material-ui/core';
import { useTheme } from '@material-ui/core/styles';
import TrendingDownIcon from '@material-ui/icons/TrendingDown';
import TrendingFlatIcon from '@material-ui/icons/TrendingFlat';
import TrendingUpIcon from '@material-ui/icons/TrendingUp';
import { MetricsSummary } from '@controlplane/plugin-platform-health-common';
import { count, millis, percent } from './format';

/** Whether a rise of a figure is good news, bad news, or neither. */
type Rise = 'good' | 'bad' | 'neutral';

/** One tile: a figure of the period and its change against the one before. */
interface TileSpec {
  title: string;
  /** `null` when the figure is not reported (billing). */
  value: string | null;
  /** As the backend words it, e.g. `+15%`, `-5%`, `0%`, `n/a`. */
  trend?: string;
  rise?: Rise;
}

const NOT_REPORTED =
  'Not reported: the billing plugin is not installed or did not answer.';

/** The change of a figure, e.g. `+15% vs previous 7d`, coloured by `rise`. */
const Trend = (props: { trend: string; rise: Rise; period: string }) => {
  const { trend, rise, period } = props;
  const theme = useTheme();
  if (trend === 'n/a') {
    return (
      <Typography variant="body2" color="textSecondary">
        no data in the previous {period}
      </Typography>
    );
  }
  let direction: 'up' | 'down' | 'flat' = 'flat';
  if (trend.startsWith('+')) direction = 'up';
  if (trend.startsWith('-')) direction = 'down';
  let color = theme.palette.text.secondary;
  if (direction !== 'flat' && rise !== 'neutral') {
    const good = (direction === 'up') === (rise === 'good');
    color = good ? theme.palette.success.main : theme.palette.error.main;
  }
  const Icon = {
    up: TrendingUpIcon,
    down: TrendingDownIcon,
    flat: TrendingFlatIcon,
  }[direction];
  return (
    <Typography
      variant="body2"
      style={{ display: 'flex', alignItems: 'center', gap: 4, color }}
    >
      <Icon fontSize="small" aria-hidden />
      {trend} vs previous {period}
    </Typography>
  );
};

const Tile = (props: { tile: TileSpec; period: string }) => {
  const { tile, period } = props;
  return (
    <Paper
      component="section"
      aria-label={tile.title}
      variant="outlined"
      style={{ height: '100%' }}
    >
      <Box p={2}>
        <Typography variant="body2" color="textSecondary">
          {tile.title}
        </Typography>
        <Typography variant="h4" component="p">
          {tile.value ?? '—'}
        </Typography>
        {tile.value === null && (
          <Typography variant="caption" color="textSecondary">
            {NOT_REPORTED}
          </Typography>
        )}
        {tile.value !== null && tile.trend !== undefined && (
          <Trend
            trend={tile.trend}
            rise={tile.rise ?? 'neutral'}
            period={period}
          />
        )}
      </Box>
    </Paper>
  );
};

const nullable = (value: number | null) =>
  value === null ? null : count(value);

/**
 * The executive summary of a period (seed 000 Flow 7.1): requests, 5xx
 * error rate, success rate, average and p95 latency, rate-limited calls,
 * executions and tokens, each with its change against the period before
 * where the backend reports one (requests, error rate, average latency,
 * executions, tokens). Executions and tokens come from billing: "—" with
 * the reason when it does not report them, never a 0.
 */
export const SummaryTiles = (props: { summary: MetricsSummary }) => {
  const { summary: s, trends: t, period } = props.summary;
  const tiles: TileSpec[] = [
    {
      title: 'Requests',
      value: count(s.total_requests),
      trend: t.requests,
    },
    {
      title: 'Error rate (5xx)',
      value: percent(s.error_rate),
      trend: t.error_rate,
      rise: 'bad',
    },
    { title: 'Success rate', value: percent(s.success_rate) },
    {
      title: 'Avg latency',
      value: millis(s.avg_latency_ms),
      trend: t.latency,
      rise: 'bad',
    },
    { title: 'p95 latency', value: millis(s.p95_latency_ms) },
    { title: 'Rate limited', value: count(s.rate_limited) },
    {
      title: 'Executions',
      value: nullable(s.total_executions),
      trend: t.executions,
    },
    { title: 'Tokens', value: nullable(s.total_tokens), trend: t.tokens },
  ];
  return (
    <Grid container spacing={2}>
      {tiles.map(tile => (
        <Grid item xs={6} sm={4} md={3} key={tile.title}>
          <Tile tile={tile} period={period} />
        </Grid>
      ))}
    </Grid>
  );
};

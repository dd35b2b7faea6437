import { useTheme } from '@material-ui/core';
import { formatTime } from '@controlplane/frontend-common';

/** Evaluations in one hour. */
export interface HourTotal {
  hour: string;
  count: number;
}

const WIDTH = 600;
const HEIGHT = 120;

/**
 * Evaluations per hour as bars, in plain SVG: one bar per hour with a count,
 * each with a title (its hour and count) for hover and screen readers.
 */
export const MetricsChart = (props: { hours: HourTotal[] }) => {
  const theme = useTheme();
  const { hours } = props;
  const max = Math.max(1, ...hours.map(h => h.count));
  const width = WIDTH / Math.max(1, hours.length);
  return (
    <svg
      role="img"
      aria-label="Evaluations per hour"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width="100%"
      height={HEIGHT}
      preserveAspectRatio="none"
    >
      {hours.map((h, i) => {
        const height = (h.count / max) * (HEIGHT - 4);
        return (
          <rect
            key={h.hour}
            x={i * width + width * 0.1}
            y={HEIGHT - height}
            width={width * 0.8}
            height={height}
            fill={theme.palette.primary.main}
          >
            <title>{`${formatTime(h.hour)}: ${h.count}`}</title>
          </rect>
        );
      })}
    </svg>
  );
};

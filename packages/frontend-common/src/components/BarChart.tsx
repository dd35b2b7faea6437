import { useTheme } from '@material-ui/core';

/** One bar of a {@link BarChart}. */
export interface Bar {
  /** Unique among the bars, e.g. the hour or day. */
  key: string;
  /** What its title says (hover, screen readers), e.g. `2026-12-05: 42`. */
  label: string;
  /** Its height, relative to the largest bar. */
  value: number;
}

const WIDTH = 600;
const HEIGHT = 120;

/**
 * Values as bars, in plain SVG (no chart library in the bundle): one bar
 * per entry, scaled to the largest, each with a title for hover and screen
 * readers. E.g. evaluations per hour, usage per day.
 */
export const BarChart = (props: { label: string; bars: Bar[] }) => {
  const theme = useTheme();
  const { bars } = props;
  const max = Math.max(1, ...bars.map(bar => bar.value));
  const width = WIDTH / Math.max(1, bars.length);
  return (
    <svg
      role="img"
      aria-label={props.label}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width="100%"
      height={HEIGHT}
      preserveAspectRatio="none"
    >
      {bars.map((bar, i) => {
        const height = (Math.max(0, bar.value) / max) * (HEIGHT - 4);
        return (
          <rect
            key={bar.key}
            x={i * width + width * 0.1}
            y={HEIGHT - height}
            width={width * 0.8}
            height={height}
            fill={theme.palette.primary.main}
          >
            <title>{bar.label}</title>
          </rect>
        );
      })}
    </svg>
  );
};

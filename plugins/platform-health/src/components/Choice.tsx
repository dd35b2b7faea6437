import { Button, ButtonGroup } from '@material-ui/core';

/**
 * Buttons choosing one of `values` (a window, a period, a metric); the
 * chosen one is pressed.
 */
export function Choice<T extends string>(props: {
  /** The group's accessible name, e.g. `Period`. */
  label: string;
  values: readonly T[];
  value: T;
  /** What a button says; the value itself when left out. */
  valueLabel?: (value: T) => string;
  onChange: (value: T) => void;
}) {
  return (
    <ButtonGroup size="small" aria-label={props.label}>
      {props.values.map(v => (
        <Button
          key={v}
          aria-pressed={v === props.value}
          variant={v === props.value ? 'contained' : 'outlined'}
          color={v === props.value ? 'primary' : 'default'}
          onClick={() => props.onChange(v)}
        >
          {props.valueLabel ? props.valueLabel(v) : v}
        </Button>
      ))}
    </ButtonGroup>
  );
}

/** The value among `values` equal to `value`, or `or`. */
export const pick = <T extends string>(
  values: readonly T[],
  value: string | null,
  or: T,
) => values.find(v => v === value) ?? or;

import { Box, Chip, Typography } from '@material-ui/core';

/**
 * A filter on one field as a row of chips, e.g. `Status: active suspended`.
 * Clicking a chip selects its value; clicking the selected one clears it.
 */
export function FilterChips<T extends string>(props: {
  label: string;
  values: readonly T[];
  selected?: T;
  onSelect: (value?: T) => void;
}) {
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" mr={3} my={1}>
      <Typography variant="body2" color="textSecondary" component="span">
        {props.label}:
      </Typography>
      {props.values.map(value => {
        const selected = props.selected === value;
        return (
          <Box key={value} ml={1}>
            <Chip
              size="small"
              label={value}
              clickable
              color={selected ? 'primary' : 'default'}
              variant={selected ? 'default' : 'outlined'}
              aria-pressed={selected}
              aria-label={`${props.label} ${value}`}
              onClick={() => props.onSelect(selected ? undefined : value)}
            />
          </Box>
        );
      })}
    </Box>
  );
}

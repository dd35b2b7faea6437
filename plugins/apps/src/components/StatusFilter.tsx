import { Box, Chip, Typography } from '@material-ui/core';

/** Chips to filter by one status; clicking the selected one clears it. */
export function StatusFilter<T extends string>(props: {
  statuses: readonly T[];
  selected?: T;
  onSelect: (status?: T) => void;
}) {
  return (
    <>
      <Typography variant="body2" color="textSecondary" component="span">
        Status:
      </Typography>
      {props.statuses.map(choice => {
        const selected = props.selected === choice;
        return (
          <Box key={choice} ml={1}>
            <Chip
              size="small"
              label={choice}
              clickable
              color={selected ? 'primary' : 'default'}
              variant={selected ? 'default' : 'outlined'}
              aria-pressed={selected}
              aria-label={`Status ${choice}`}
              onClick={() => props.onSelect(selected ? undefined : choice)}
            />
          </Box>
        );
      })}
    </>
  );
}

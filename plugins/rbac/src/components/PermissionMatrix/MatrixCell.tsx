import { Box, Checkbox, Tooltip, Typography } from '@material-ui/core';
import { cellState } from '../cellState';

/**
 * One role × permission cell: checked when any grant of the role matches;
 * names the wildcard grants that cover it. Toggling grants or revokes the
 * exact permission, so it is disabled when only a wildcard covers it.
 */
export const MatrixCell = (props: {
  roleName: string;
  grants: string[];
  permissionName: string;
  canUpdate: boolean;
  busy: boolean;
  onToggle: (grant: boolean) => void;
}) => {
  const { granted, exact, wildcards } = cellState(
    props.grants,
    props.permissionName,
  );
  const wildcardOnly = granted && !exact;
  const label = `${props.permissionName} for ${props.roleName}`;
  const checkbox = (
    <Checkbox
      checked={granted}
      disabled={!props.canUpdate || wildcardOnly || props.busy}
      onChange={() => props.onToggle(!exact)}
      inputProps={{ 'aria-label': label }}
      size="small"
    />
  );
  if (wildcards.length === 0) return checkbox;
  return (
    <Tooltip title={`Granted through ${wildcards.join(', ')}`}>
      <Box display="inline-flex" alignItems="center">
        {checkbox}
        <Typography variant="caption" color="textSecondary">
          {wildcards.join(', ')}
        </Typography>
      </Box>
    </Tooltip>
  );
};

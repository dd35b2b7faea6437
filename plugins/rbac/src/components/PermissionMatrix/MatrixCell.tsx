import { Box, Checkbox, Tooltip, Typography } from '@material-ui/core';
import { cellState } from '../cellState';

/**
 * One role × permission cell: checked when any grant of the role matches;
 * names the wildcard grants that cover it and says when the role holds it
 * only for owned resources. Toggling grants the exact permission or revokes
 * the exact grant held (plain or owned), so it is disabled when only a
 * wildcard covers it.
 */
export const MatrixCell = (props: {
  roleName: string;
  grants: string[];
  permissionName: string;
  canUpdate: boolean;
  busy: boolean;
  /** Grant the permission (`undefined`), or revoke the exact grant held. */
  onToggle: (revoke: string | undefined) => void;
}) => {
  const { granted, exact, wildcards, ownedOnly } = cellState(
    props.grants,
    props.permissionName,
  );
  const wildcardOnly = granted && !exact;
  const label = `${props.permissionName} for ${props.roleName}`;
  const checkbox = (
    <Checkbox
      checked={granted}
      disabled={!props.canUpdate || wildcardOnly || props.busy}
      onChange={() => props.onToggle(exact)}
      inputProps={{ 'aria-label': label }}
      size="small"
    />
  );
  const notes = [...wildcards, ...(ownedOnly ? ['owned only'] : [])];
  if (notes.length === 0) return checkbox;
  const through = [...(exact ? [exact] : []), ...wildcards].join(', ');
  return (
    <Tooltip
      title={`Granted through ${through}${
        ownedOnly ? ', only for resources the member owns' : ''
      }`}
    >
      <Box display="inline-flex" alignItems="center">
        {checkbox}
        <Typography variant="caption" color="textSecondary">
          {notes.join(', ')}
        </Typography>
      </Box>
    </Tooltip>
  );
};

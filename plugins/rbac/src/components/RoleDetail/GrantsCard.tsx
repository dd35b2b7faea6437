import { useState } from 'react';
import { Box, Button, Chip, TextField } from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import { validateGrantPattern } from '@controlplane/plugin-rbac-common';
import { isWildcard } from '../cellState';

/** The role's grant patterns as chips, and a form to add a wildcard grant. */
export const GrantsCard = (props: {
  grants: string[];
  canUpdate: boolean;
  busy: boolean;
  onGrant: (pattern: string) => void;
  onRevoke: (pattern: string) => void;
}) => {
  const [pattern, setPattern] = useState('');
  // Single permissions are granted in the matrix; here only wildcards.
  const invalid =
    pattern !== '' &&
    (validateGrantPattern(pattern) !== undefined || !isWildcard(pattern));
  return (
    <InfoCard title="Grants">
      <Box display="flex" flexWrap="wrap" mb={2} style={{ gap: 8 }}>
        {props.grants.length === 0 && <em>No grants yet.</em>}
        {props.grants.map(grant => (
          <Chip
            key={grant}
            label={grant}
            onDelete={
              props.canUpdate && !props.busy
                ? () => props.onRevoke(grant)
                : undefined
            }
          />
        ))}
      </Box>
      {props.canUpdate && (
        <Box
          component="form"
          display="flex"
          alignItems="flex-start"
          style={{ gap: 8 }}
          onSubmit={(e: React.FormEvent) => {
            e.preventDefault();
            props.onGrant(pattern);
            setPattern('');
          }}
        >
          <TextField
            id="rbac-wildcard-grant"
            label="Wildcard grant"
            placeholder="billing.*"
            size="small"
            value={pattern}
            onChange={e => setPattern(e.target.value)}
            error={invalid}
            helperText={
              invalid ? 'A domain wildcard like billing.*, or *' : ' '
            }
          />
          <Button
            type="submit"
            variant="outlined"
            disabled={props.busy || pattern === '' || invalid}
          >
            Grant
          </Button>
        </Box>
      )}
    </InfoCard>
  );
};

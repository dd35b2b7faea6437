import { useState } from 'react';
import { Box, Button, Chip, TextField } from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import {
  parseGrant,
  validateGrantPattern,
} from '@controlplane/plugin-rbac-common';
import { isWildcard } from '../cellState';

/**
 * The role's grants as chips (owned ones say so), and a form to add a
 * wildcard grant or an owned grant (`apps.credential.create@owned`).
 */
export const GrantsCard = (props: {
  grants: string[];
  canUpdate: boolean;
  busy: boolean;
  onGrant: (pattern: string) => void;
  onRevoke: (pattern: string) => void;
}) => {
  const [pattern, setPattern] = useState('');
  // Single permissions are granted in the matrix; here wildcards and owned
  // grants, which the matrix does not create.
  const invalid =
    pattern !== '' &&
    (validateGrantPattern(pattern) !== undefined ||
      !(isWildcard(pattern) || parseGrant(pattern).owned));
  return (
    <InfoCard title="Grants">
      <Box display="flex" flexWrap="wrap" mb={2} style={{ gap: 8 }}>
        {props.grants.length === 0 && <em>No grants yet.</em>}
        {props.grants.map(grant => (
          <Chip
            key={grant}
            label={
              parseGrant(grant).owned
                ? `${parseGrant(grant).pattern} (owned only)`
                : grant
            }
            title={
              parseGrant(grant).owned
                ? `${grant}: only for resources the member or their groups own`
                : undefined
            }
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
            label="Wildcard or owned grant"
            placeholder="billing.* or apps.credential.*@owned"
            size="small"
            value={pattern}
            onChange={e => setPattern(e.target.value)}
            error={invalid}
            helperText={
              invalid
                ? 'A domain wildcard like billing.*, or *; add @owned for owned resources only'
                : ' '
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

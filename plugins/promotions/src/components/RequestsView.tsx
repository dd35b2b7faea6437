import { useState } from 'react';
import { Box, Checkbox, FormControlLabel } from '@material-ui/core';
import { FilterChips } from '@controlplane/frontend-common';
import { RequestStatus } from '@controlplane/plugin-promotions-common';
import { RequestList } from './RequestList';

const STATUSES: readonly RequestStatus[] = [
  'requested',
  'approved',
  'applied',
  'rejected',
  'withdrawn',
  'expired',
];

/** Every request the user may read, by status and (optionally) only theirs. */
export const RequestsView = () => {
  const [status, setStatus] = useState<RequestStatus>();
  const [mine, setMine] = useState(false);
  return (
    <>
      <Box display="flex" alignItems="center" flexWrap="wrap" mb={2}>
        <FilterChips
          label="Status"
          values={STATUSES}
          selected={status}
          onSelect={setStatus}
        />
        <FormControlLabel
          label="Only mine"
          control={
            <Checkbox
              checked={mine}
              onChange={e => setMine(e.target.checked)}
            />
          }
        />
      </Box>
      <RequestList
        label="Requests"
        lead="status"
        query={{
          status: status ? [status] : undefined,
          mine: mine ? 'true' : undefined,
        }}
        emptyTitle={
          status || mine ? 'No requests match these filters' : 'No requests yet'
        }
      />
    </>
  );
};

import { useState } from 'react';
import { Box, Button, TextField } from '@material-ui/core';
import { useApi } from '@backstage/frontend-plugin-api';
import { ErrorAlert, useAction } from '@controlplane/frontend-common';
import { incidentsApiRef } from '../api';

/** A comment on the incident's timeline; `onPosted` after it is added. */
export const CommentBox = (props: {
  incidentId: string;
  onPosted: () => void;
}) => {
  const api = useApi(incidentsApiRef);
  const [text, setText] = useState('');
  const { busy, error, run } = useAction();
  const post = async () => {
    const result = await run(() => api.comment(props.incidentId, text.trim()));
    if (result.ok) {
      setText('');
      props.onPosted();
    }
  };
  return (
    <Box mt={2}>
      <TextField
        id="incident-comment"
        label="Comment"
        value={text}
        onChange={e => setText(e.target.value)}
        fullWidth
        multiline
        minRows={2}
        variant="outlined"
        inputProps={{ maxLength: 8000 }}
      />
      <ErrorAlert error={error} />
      <Box mt={1} display="flex" justifyContent="flex-end">
        <Button
          variant="contained"
          color="primary"
          disabled={busy || !text.trim()}
          onClick={post}
        >
          Add comment
        </Button>
      </Box>
    </Box>
  );
};

import { useEffect, useState } from 'react';
import { TextField } from '@material-ui/core';
import { FormDialog } from '@controlplane/frontend-common';
import { TRANSITION_LABELS } from './labels';

const CONSEQUENCES: Record<string, string> = {
  start: 'The incident is in progress; its time to acknowledge stops.',
  resolve:
    'The incident is resolved; its time to resolve stops. Say what fixed it.',
  close: 'The incident is closed; a new signal opens a new ticket.',
  reopen: 'The incident is open again.',
};

/**
 * Confirms a move of the status workflow, with a note that goes to the
 * timeline: required to resolve (what fixed it), optional otherwise.
 */
export const TransitionDialog = (props: {
  /** `start`, `resolve`, `close` or `reopen`; none: closed. */
  action?: string;
  busy: boolean;
  error?: Error;
  onConfirm: (note?: string) => void;
  onClose: () => void;
}) => {
  const { action } = props;
  const [note, setNote] = useState('');
  useEffect(() => setNote(''), [action]);
  const required = action === 'resolve';
  const label = action ? TRANSITION_LABELS[action] : '';
  return (
    <FormDialog
      open={action !== undefined}
      title={`${label}?`}
      submitLabel={label}
      submitDisabled={props.busy || (required && !note.trim())}
      error={props.error}
      onSubmit={() => props.onConfirm(note.trim() || undefined)}
      onClose={props.onClose}
    >
      {action && CONSEQUENCES[action]}
      <TextField
        id="incident-transition-note"
        label={required ? 'Resolution note' : 'Note (optional)'}
        value={note}
        onChange={e => setNote(e.target.value)}
        required={required}
        fullWidth
        multiline
        minRows={2}
        margin="normal"
        inputProps={{ maxLength: 4000 }}
      />
    </FormDialog>
  );
};

import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
} from '@material-ui/core';
import { validateMemberRef } from './memberRef';

/** Asks for a user or group entity ref to add to a role. */
export const AddMemberDialog = (props: {
  open: boolean;
  busy: boolean;
  onClose: () => void;
  onAdd: (memberRef: string) => void;
}) => {
  const [ref, setRef] = useState('');
  const problem = ref === '' ? undefined : validateMemberRef(ref);
  return (
    <Dialog open={props.open} onClose={props.onClose} fullWidth>
      <DialogTitle>Add member</DialogTitle>
      <DialogContent>
        <TextField
          id="rbac-add-member-ref"
          label="User or group"
          placeholder="group:default/operators"
          value={ref}
          onChange={e => setRef(e.target.value)}
          error={problem !== undefined}
          helperText={problem ?? 'An entity ref starting with user: or group:'}
          fullWidth
          margin="normal"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={props.busy || ref === '' || problem !== undefined}
          onClick={() => {
            props.onAdd(ref.trim());
            setRef('');
          }}
        >
          Add
        </Button>
      </DialogActions>
    </Dialog>
  );
};

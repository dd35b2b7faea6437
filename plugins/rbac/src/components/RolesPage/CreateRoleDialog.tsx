import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
} from '@material-ui/core';
import { useApi } from '@backstage/frontend-plugin-api';
import { ROLE_NAME_PATTERN } from '@controlplane/plugin-rbac-common';
import { rbacApiRef } from '../../api';
import { useRbacAction } from '../useRbacAction';
import { RbacErrorPanel } from '../RbacErrorPanel';

/** Asks for a new role's name and description and creates it. */
export const CreateRoleDialog = (props: {
  open: boolean;
  onClose: () => void;
  onCreated: () => void;
}) => {
  const rbacApi = useApi(rbacApiRef);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const { busy, error, run } = useRbacAction();
  const nameInvalid = name !== '' && !ROLE_NAME_PATTERN.test(name);

  const submit = async () => {
    const created = await run(() => rbacApi.createRole({ name, description }));
    if (created) {
      setName('');
      setDescription('');
      props.onCreated();
    }
  };

  return (
    <Dialog open={props.open} onClose={props.onClose} fullWidth>
      <DialogTitle>Create role</DialogTitle>
      <DialogContent>
        {error && <RbacErrorPanel error={error} />}
        <TextField
          id="rbac-role-name"
          label="Name"
          value={name}
          onChange={e => setName(e.target.value)}
          error={nameInvalid}
          helperText="Lower-case words joined by dashes, like tenant-operator"
          fullWidth
          margin="normal"
          required
        />
        <TextField
          id="rbac-role-description"
          label="Description"
          value={description}
          onChange={e => setDescription(e.target.value)}
          fullWidth
          margin="normal"
          inputProps={{ maxLength: 500 }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy || name === '' || nameInvalid}
          onClick={submit}
        >
          Create
        </Button>
      </DialogActions>
    </Dialog>
  );
};

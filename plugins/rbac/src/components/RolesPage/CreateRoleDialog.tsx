import { useState } from 'react';
import { TextField } from '@material-ui/core';
import { useApi } from '@backstage/frontend-plugin-api';
import { ROLE_NAME_PATTERN } from '@controlplane/plugin-rbac-common';
import { rbacApiRef } from '../../api';
import {
  BackendErrorPanel,
  FormDialog,
  useAction,
} from '@controlplane/frontend-common';

/** Asks for a new role's name and description and creates it. */
export const CreateRoleDialog = (props: {
  open: boolean;
  onClose: () => void;
  onCreated: () => void;
}) => {
  const rbacApi = useApi(rbacApiRef);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const { busy, error, run } = useAction();
  const nameInvalid = name !== '' && !ROLE_NAME_PATTERN.test(name);

  const submit = async () => {
    const created = await run(() => rbacApi.createRole({ name, description }));
    if (created.ok) {
      setName('');
      setDescription('');
      props.onCreated();
    }
  };

  return (
    <FormDialog
      open={props.open}
      title="Create role"
      submitLabel="Create"
      submitDisabled={busy || name === '' || nameInvalid}
      onSubmit={submit}
      onClose={props.onClose}
    >
      {error && <BackendErrorPanel error={error} />}
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
    </FormDialog>
  );
};

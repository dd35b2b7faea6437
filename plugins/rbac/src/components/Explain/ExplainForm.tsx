import { useState } from 'react';
import { Box, Button, TextField } from '@material-ui/core';
import Autocomplete from '@material-ui/lab/Autocomplete';

/** A user ref and a permission name (suggested from the registered ones). */
export const ExplainForm = (props: {
  permissionNames: string[];
  busy: boolean;
  onSubmit: (user: string, permission: string, resourceRef?: string) => void;
}) => {
  const [user, setUser] = useState('');
  const [permission, setPermission] = useState('');
  const [resourceRef, setResourceRef] = useState('');
  return (
    <Box
      component="form"
      display="flex"
      alignItems="center"
      flexWrap="wrap"
      style={{ gap: 16 }}
      onSubmit={(e: React.FormEvent) => {
        e.preventDefault();
        props.onSubmit(
          user.trim(),
          permission.trim(),
          resourceRef.trim() || undefined,
        );
      }}
    >
      <TextField
        id="rbac-explain-user"
        label="User"
        placeholder="user:default/ada"
        value={user}
        onChange={e => setUser(e.target.value)}
        style={{ minWidth: 260 }}
      />
      <Autocomplete
        id="rbac-explain-permission"
        freeSolo
        options={props.permissionNames}
        inputValue={permission}
        onInputChange={(_e, value) => setPermission(value)}
        style={{ minWidth: 320 }}
        renderInput={params => <TextField {...params} label="Permission" />}
      />
      <TextField
        id="rbac-explain-resource"
        label="Resource (optional)"
        placeholder="id of a promotion, an audit event..."
        value={resourceRef}
        onChange={e => setResourceRef(e.target.value)}
        style={{ minWidth: 240 }}
      />
      <Button
        type="submit"
        color="primary"
        variant="contained"
        disabled={props.busy || user.trim() === '' || permission.trim() === ''}
      >
        Explain
      </Button>
    </Box>
  );
};

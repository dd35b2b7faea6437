import { useState } from 'react';
import { Button } from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import { usePermission } from '@backstage/plugin-permission-react';
import { rbacRoleCreatePermission } from '@controlplane/plugin-rbac-common';
import { CreateRoleDialog } from './CreateRoleDialog';

/** "Create role" with its dialog, shown only to users allowed to create roles. */
export const CreateRoleButton = (props: { onCreated: () => void }) => {
  const { allowed } = usePermission({ permission: rbacRoleCreatePermission });
  const [open, setOpen] = useState(false);
  if (!allowed) return null;
  return (
    <>
      <Button
        color="primary"
        variant="contained"
        startIcon={<AddIcon />}
        onClick={() => setOpen(true)}
      >
        Create role
      </Button>
      <CreateRoleDialog
        open={open}
        onClose={() => setOpen(false)}
        onCreated={() => {
          setOpen(false);
          props.onCreated();
        }}
      />
    </>
  );
};

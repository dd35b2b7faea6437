import { useState } from 'react';
import { Button } from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import { usePermission } from '@backstage/plugin-permission-react';
import { rbacRoleDeletePermission } from '@controlplane/plugin-rbac-common';
import { ConfirmDialog } from '@controlplane/frontend-common';

/** Deletes the role after confirmation; hidden without rbac.role.delete. */
export const DeleteRoleButton = (props: {
  roleName: string;
  busy: boolean;
  onDelete: () => void;
}) => {
  const { allowed } = usePermission({ permission: rbacRoleDeletePermission });
  const [open, setOpen] = useState(false);
  if (!allowed) return null;
  return (
    <>
      <Button
        color="secondary"
        variant="outlined"
        startIcon={<DeleteIcon />}
        onClick={() => setOpen(true)}
      >
        Delete role
      </Button>
      <ConfirmDialog
        open={open}
        title="Delete role"
        confirmLabel="Delete"
        busy={props.busy}
        onClose={() => setOpen(false)}
        onConfirm={() => {
          setOpen(false);
          props.onDelete();
        }}
      >
        Delete the role {props.roleName} with all its grants and members?
      </ConfirmDialog>
    </>
  );
};

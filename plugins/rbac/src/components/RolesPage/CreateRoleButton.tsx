import { ButtonWithDialog } from '@controlplane/frontend-common';
import AddIcon from '@material-ui/icons/Add';
import { usePermission } from '@backstage/plugin-permission-react';
import { rbacRoleCreatePermission } from '@controlplane/plugin-rbac-common';
import { CreateRoleDialog } from './CreateRoleDialog';

/** "Create role" with its dialog, shown only to users allowed to create roles. */
export const CreateRoleButton = (props: { onCreated: () => void }) => {
  const { allowed } = usePermission({ permission: rbacRoleCreatePermission });
  if (!allowed) return null;
  return (
    <ButtonWithDialog
      label="Create role"
      icon={<AddIcon />}
      dialog={({ open, close }) => (
        <CreateRoleDialog
          open={open}
          onClose={close}
          onCreated={() => {
            close();
            props.onCreated();
          }}
        />
      )}
    />
  );
};

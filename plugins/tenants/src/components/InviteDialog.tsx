import { useState } from 'react';
import { TextField } from '@material-ui/core';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Invitation,
  TENANT_USER_ROLES,
  TenantUserRole,
} from '@controlplane/plugin-tenants-common';
import { tenantsApiRef } from '../api';
import { validateEmail } from './validation';
import PersonAddIcon from '@material-ui/icons/PersonAdd';
import {
  ButtonWithDialog,
  FormDialog,
  SelectField,
  useAction,
} from '@controlplane/frontend-common';

/** Invites someone to the tenant by email with a role. */
export const InviteDialog = (props: {
  tenant: string;
  open: boolean;
  onClose: () => void;
  onInvited: (invitation: Invitation) => void;
}) => {
  const api = useApi(tenantsApiRef);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<TenantUserRole>('user');
  const [touched, setTouched] = useState(false);
  const { busy, error, run, clearError } = useAction();
  const emailError = validateEmail(email.trim());

  const close = () => {
    setEmail('');
    setRole('user');
    setTouched(false);
    clearError();
    props.onClose();
  };

  return (
    <FormDialog
      open={props.open}
      title="Invite user"
      submitLabel="Send invitation"
      submitDisabled={busy || Boolean(emailError)}
      error={error}
      onSubmit={async () => {
        const result = await run(() =>
          api.invite(props.tenant, { email: email.trim(), role }),
        );
        if (result.ok) {
          props.onInvited(result.value);
          close();
        }
      }}
      onClose={close}
    >
      <TextField
        id="tenants-invite-email"
        label="Email"
        type="email"
        value={email}
        onChange={e => setEmail(e.target.value)}
        onBlur={() => setTouched(true)}
        error={touched && Boolean(emailError)}
        helperText={(touched && emailError) || ' '}
        fullWidth
        margin="normal"
        required
      />
      <SelectField
        id="tenants-invite-role"
        label="Role"
        value={role}
        options={TENANT_USER_ROLES}
        onChange={setRole}
      />
    </FormDialog>
  );
};

/** "Invite user" with its dialog. */
export const InviteUserButton = (props: {
  tenant: string;
  onInvited: (invitation: Invitation) => void;
}) => (
  <ButtonWithDialog
    label="Invite user"
    icon={<PersonAddIcon />}
    dialog={({ open, close }) => (
      <InviteDialog
        tenant={props.tenant}
        open={open}
        onClose={close}
        onInvited={props.onInvited}
      />
    )}
  />
);

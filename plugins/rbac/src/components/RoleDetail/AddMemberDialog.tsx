import { useState } from 'react';
import { TextField } from '@material-ui/core';
import { formatRoleMember } from '@controlplane/plugin-rbac-common';
import { validateMemberRef, validateOptionalTenant } from './memberRef';
import { FormDialog } from '@controlplane/frontend-common';

/**
 * Asks for a user or group entity ref to add to a role, optionally only
 * within one tenant (the member's grants then apply to that tenant's
 * resources only).
 */
export const AddMemberDialog = (props: {
  open: boolean;
  busy: boolean;
  onClose: () => void;
  onAdd: (memberRef: string) => void;
}) => {
  const [ref, setRef] = useState('');
  const [tenant, setTenant] = useState('');
  const problem = ref === '' ? undefined : validateMemberRef(ref);
  const tenantProblem = validateOptionalTenant(tenant);
  return (
    <FormDialog
      open={props.open}
      title="Add member"
      submitLabel="Add"
      submitDisabled={
        props.busy ||
        ref === '' ||
        problem !== undefined ||
        tenantProblem !== undefined
      }
      onSubmit={() => {
        props.onAdd(
          formatRoleMember({
            ref: ref.trim(),
            tenant: tenant.trim() || undefined,
          }),
        );
        setRef('');
        setTenant('');
      }}
      onClose={props.onClose}
    >
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
      <TextField
        id="rbac-add-member-tenant"
        label="Only in tenant (optional)"
        placeholder="acme"
        value={tenant}
        onChange={e => setTenant(e.target.value)}
        error={tenantProblem !== undefined}
        helperText={
          tenantProblem ??
          "Leave empty for every tenant. With a tenant, the grants apply only to that tenant's resources."
        }
        fullWidth
        margin="normal"
      />
    </FormDialog>
  );
};

import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useDebounce from 'react-use/esm/useDebounce';
import {
  Box,
  Button,
  IconButton,
  MenuItem,
  Select,
  TextField,
  Tooltip,
} from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import SupervisorAccountIcon from '@material-ui/icons/SupervisorAccount';
import Alert from '@material-ui/lab/Alert';
import {
  Link,
  Progress,
  StatusOK,
  StatusWarning,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { tenantsApiRef } from '../api';
import {
  Invitation,
  TENANT_USER_ROLES,
  TenantUser,
  TenantUserRole,
  TenantUserUpdate,
  tenantsImpersonationStartPermission,
  tenantsUserDeletePermission,
  tenantsUserInvitePermission,
  tenantsUserUpdatePermission,
} from '@controlplane/plugin-tenants-common';
import { ConfirmDialog, useTenantPermission } from './common';
import { InviteUserButton } from './InviteDialog';
import { ImpersonateDialog } from './Impersonation';
import {
  CursorPageButtons,
  DataTable,
  ErrorAlert,
  useAction,
  useCursorPages,
} from '@controlplane/frontend-common';

/** Shows the invitation just sent, with its link when the backend returns one. */
export const InvitedNotice = (props: { invitation?: Invitation }) => {
  const { invitation } = props;
  if (!invitation) return null;
  return (
    <Box mb={2}>
      <Alert severity="success">
        Invitation sent to {invitation.email}.
        {invitation.acceptUrl && (
          <>
            {' '}
            Accept link:{' '}
            <Link to={invitation.acceptUrl}>{invitation.acceptUrl}</Link>
          </>
        )}
      </Alert>
    </Box>
  );
};

/** The tenant's users: roles, enable/disable, delete, invite and impersonate. */
export const UsersTab = (props: { tenant: string; readOnly?: boolean }) => {
  const { tenant } = props;
  const api = useApi(tenantsApiRef);
  const editable = !props.readOnly;
  const canInvite =
    useTenantPermission(tenantsUserInvitePermission, tenant) && editable;
  const canUpdate =
    useTenantPermission(tenantsUserUpdatePermission, tenant) && editable;
  const canDelete =
    useTenantPermission(tenantsUserDeletePermission, tenant) && editable;
  const canImpersonate =
    useTenantPermission(tenantsImpersonationStartPermission) && editable;

  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  useDebounce(() => setSearch(searchText.trim()), 300, [searchText]);
  const pages = useCursorPages();
  const cursor = pages.cursor;
  const loaded = useAsyncRetry(
    () => api.listUsers(tenant, { search: search || undefined, cursor }),
    [api, tenant, search, cursor],
  );
  const { busy, error, run } = useAction();
  const [invited, setInvited] = useState<Invitation | undefined>();
  const [deleting, setDeleting] = useState<TenantUser | undefined>();
  const [impersonating, setImpersonating] = useState<TenantUser | undefined>();

  const change = async (user: TenantUser, update: TenantUserUpdate) => {
    const result = await run(() => api.updateUser(tenant, user.id, update));
    if (result.ok) loaded.retry();
  };

  const columns: TableColumn<TenantUser>[] = [
    { title: 'Email', field: 'email' },
    { title: 'Name', field: 'displayName' },
    {
      title: 'Role',
      field: 'role',
      render: user =>
        canUpdate ? (
          <Select
            value={user.role}
            disabled={busy}
            inputProps={{ 'aria-label': `Role of ${user.email}` }}
            onChange={e =>
              change(user, { role: e.target.value as TenantUserRole })
            }
          >
            {TENANT_USER_ROLES.map(r => (
              <MenuItem key={r} value={r}>
                {r}
              </MenuItem>
            ))}
          </Select>
        ) : (
          user.role
        ),
    },
    {
      title: 'Status',
      field: 'status',
      render: user =>
        user.status === 'active' ? (
          <StatusOK>active</StatusOK>
        ) : (
          <StatusWarning>disabled</StatusWarning>
        ),
    },
    {
      title: 'Actions',
      align: 'right',
      sorting: false,
      render: user => (
        <>
          {canUpdate && (
            <Button
              size="small"
              disabled={busy}
              onClick={() =>
                change(user, {
                  status: user.status === 'active' ? 'disabled' : 'active',
                })
              }
            >
              {user.status === 'active' ? 'Disable' : 'Enable'}
            </Button>
          )}
          {canImpersonate && (
            <Tooltip title="Impersonate">
              <IconButton
                size="small"
                aria-label={`Impersonate ${user.email}`}
                onClick={() => setImpersonating(user)}
              >
                <SupervisorAccountIcon />
              </IconButton>
            </Tooltip>
          )}
          {canDelete && (
            <IconButton
              size="small"
              aria-label={`Delete ${user.email}`}
              onClick={() => setDeleting(user)}
            >
              <DeleteIcon />
            </IconButton>
          )}
        </>
      ),
    },
  ];

  return (
    <>
      <Box display="flex" justifyContent="space-between" mb={2}>
        <TextField
          placeholder="Search users"
          value={searchText}
          onChange={e => {
            setSearchText(e.target.value);
            pages.reset();
          }}
          size="small"
          variant="outlined"
          inputProps={{ 'aria-label': 'Search users' }}
        />
        {canInvite && (
          <InviteUserButton tenant={tenant} onInvited={setInvited} />
        )}
      </Box>
      <InvitedNotice invitation={invited} />
      <ErrorAlert error={error} />
      {loaded.error && <ErrorAlert error={loaded.error} />}
      {loaded.loading && loaded.value && <Progress />}
      <DataTable<TenantUser>
        label="Users"
        columns={columns}
        data={loaded.value?.items ?? []}
        isLoading={loaded.loading && !loaded.value}
        emptyTitle="No users"
      />
      <CursorPageButtons pages={pages} nextCursor={loaded.value?.nextCursor} />
      <ImpersonateDialog
        tenant={tenant}
        user={impersonating}
        onClose={() => setImpersonating(undefined)}
      />
      <ConfirmDialog
        open={deleting !== undefined}
        title="Delete user"
        confirmLabel="Delete"
        busy={busy}
        onClose={() => setDeleting(undefined)}
        onConfirm={async () => {
          const user = deleting!;
          setDeleting(undefined);
          const result = await run(() => api.deleteUser(tenant, user.id));
          if (result.ok) loaded.retry();
        }}
      >
        Delete {deleting?.email} from {tenant}? Their sessions end at once.
      </ConfirmDialog>
    </>
  );
};

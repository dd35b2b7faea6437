import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Box, Button, MenuItem, TextField } from '@material-ui/core';
import { Progress, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { tenantsApiRef } from '../api';
import {
  Session,
  tenantsSessionRevokePermission,
} from '@controlplane/plugin-tenants-common';
import { ConfirmDialog, formatTime, useTenantPermission } from './common';
import {
  DataTable,
  ErrorAlert,
  useAction,
} from '@controlplane/frontend-common';

const UserSessions = (props: {
  tenant: string;
  userId: string;
  canRevoke: boolean;
}) => {
  const { tenant, userId, canRevoke } = props;
  const api = useApi(tenantsApiRef);
  const loaded = useAsyncRetry(
    () => api.listSessions(tenant, userId),
    [api, tenant, userId],
  );
  const { busy, error, run } = useAction();
  const [confirmAll, setConfirmAll] = useState(false);

  // Only the first load replaces the tab; a reload after a change keeps the
  // rows (and an open dialog) on screen until the new ones arrive.
  if (loaded.loading && !loaded.value) return <Progress />;
  if (loaded.error) return <ErrorAlert error={loaded.error} />;
  const sessions = loaded.value ?? [];
  const columns: TableColumn<Session>[] = [
    {
      title: 'Started',
      field: 'createdAt',
      render: session => formatTime(session.createdAt),
    },
    {
      title: 'Expires',
      field: 'expiresAt',
      render: session => formatTime(session.expiresAt),
    },
    {
      title: 'State',
      field: 'active',
      render: session => (
        <>
          {session.active ? 'active' : 'revoked'}
          {session.impersonationId ? ' (impersonation)' : ''}
        </>
      ),
    },
    {
      title: 'Actions',
      align: 'right',
      sorting: false,
      render: session =>
        canRevoke &&
        session.active && (
          <Button
            size="small"
            disabled={busy}
            aria-label={`Revoke session ${session.id}`}
            onClick={async () => {
              const result = await run(() =>
                api.revokeSession(tenant, userId, session.id),
              );
              if (result.ok) loaded.retry();
            }}
          >
            Revoke
          </Button>
        ),
    },
  ];
  return (
    <>
      <ErrorAlert error={error} />
      {canRevoke && sessions.some(s => s.active) && (
        <Box display="flex" justifyContent="flex-end" mb={1}>
          <Button
            variant="outlined"
            color="secondary"
            disabled={busy}
            onClick={() => setConfirmAll(true)}
          >
            Revoke all sessions
          </Button>
        </Box>
      )}
      <DataTable<Session>
        label="Sessions"
        columns={columns}
        data={sessions}
        emptyTitle="No sessions"
      />
      <ConfirmDialog
        open={confirmAll}
        title="Revoke all sessions"
        confirmLabel="Revoke all"
        busy={busy}
        onClose={() => setConfirmAll(false)}
        onConfirm={async () => {
          setConfirmAll(false);
          const result = await run(() => api.revokeAllSessions(tenant, userId));
          if (result.ok) loaded.retry();
        }}
      >
        Sign this user out everywhere?
      </ConfirmDialog>
    </>
  );
};

/** The sessions of one user of the tenant at a time. */
export const SessionsTab = (props: { tenant: string; readOnly?: boolean }) => {
  const api = useApi(tenantsApiRef);
  const canRevoke =
    useTenantPermission(tenantsSessionRevokePermission, props.tenant) &&
    !props.readOnly;
  const users = useAsync(
    () => api.listUsers(props.tenant),
    [api, props.tenant],
  );
  const [userId, setUserId] = useState('');

  if (users.loading) return <Progress />;
  if (users.error) return <ErrorAlert error={users.error} />;
  return (
    <>
      <TextField
        id="tenants-user"
        select
        label="User"
        value={userId}
        onChange={e => setUserId(e.target.value)}
        style={{ minWidth: 320 }}
        margin="normal"
      >
        {(users.value?.items ?? []).map(user => (
          <MenuItem key={user.id} value={user.id}>
            {user.email}
          </MenuItem>
        ))}
      </TextField>
      <Box mt={2}>
        {userId ? (
          <UserSessions
            key={userId}
            tenant={props.tenant}
            userId={userId}
            canRevoke={canRevoke}
          />
        ) : (
          <em>Choose a user to see their sessions.</em>
        )}
      </Box>
    </>
  );
};

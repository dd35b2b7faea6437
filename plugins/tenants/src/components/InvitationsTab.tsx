import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Box, Button } from '@material-ui/core';
import {
  Link,
  Progress,
  StatusError,
  StatusOK,
  StatusPending,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Invitation,
  tenantsUserInvitePermission,
} from '@controlplane/plugin-tenants-common';
import { tenantsApiRef } from '../api';
import { ConfirmDialog, formatTime, useTenantPermission } from './common';
import { InviteUserButton } from './InviteDialog';
import { InvitedNotice } from './UsersTab';
import {
  DataTable,
  ErrorAlert,
  useAction,
} from '@controlplane/frontend-common';

const InvitationStatus = (props: { invitation: Invitation }) => {
  const { status, expiresAt } = props.invitation;
  const expired =
    status === 'expired' ||
    (status === 'pending' &&
      expiresAt !== undefined &&
      new Date(expiresAt).getTime() < Date.now());
  if (expired) return <StatusError>expired</StatusError>;
  if (status === 'pending') return <StatusPending>pending</StatusPending>;
  if (status === 'accepted') return <StatusOK>accepted</StatusOK>;
  return <StatusError>{status}</StatusError>;
};

/** Pending, expired and used invitations; resend and revoke. */
export const InvitationsTab = (props: {
  tenant: string;
  readOnly?: boolean;
}) => {
  const { tenant } = props;
  const api = useApi(tenantsApiRef);
  const canInvite =
    useTenantPermission(tenantsUserInvitePermission, tenant) && !props.readOnly;
  const loaded = useAsyncRetry(
    () => api.listInvitations(tenant),
    [api, tenant],
  );
  const { busy, error, run } = useAction();
  const [invited, setInvited] = useState<Invitation | undefined>();
  const [revoking, setRevoking] = useState<Invitation | undefined>();

  const columns: TableColumn<Invitation>[] = [
    { title: 'Email', field: 'email' },
    { title: 'Role', field: 'role' },
    {
      title: 'Status',
      field: 'status',
      render: invitation => <InvitationStatus invitation={invitation} />,
    },
    {
      title: 'Expires',
      field: 'expiresAt',
      render: invitation => formatTime(invitation.expiresAt),
    },
    {
      title: 'Accept link',
      sorting: false,
      render: invitation =>
        invitation.acceptUrl ? (
          <Link to={invitation.acceptUrl}>accept link</Link>
        ) : (
          ''
        ),
    },
    {
      title: 'Actions',
      align: 'right',
      sorting: false,
      render: invitation =>
        canInvite &&
        invitation.status !== 'accepted' && (
          <>
            <Button
              size="small"
              disabled={busy}
              aria-label={`Resend invitation to ${invitation.email}`}
              onClick={async () => {
                const result = await run(() =>
                  api.resendInvitation(tenant, invitation.id),
                );
                if (result.ok) {
                  setInvited(result.value);
                  loaded.retry();
                }
              }}
            >
              Resend
            </Button>
            {invitation.status === 'pending' && (
              <Button
                size="small"
                disabled={busy}
                aria-label={`Revoke invitation to ${invitation.email}`}
                onClick={() => setRevoking(invitation)}
              >
                Revoke
              </Button>
            )}
          </>
        ),
    },
  ];

  return (
    <>
      {canInvite && (
        <Box display="flex" justifyContent="flex-end" mb={2}>
          <InviteUserButton
            tenant={tenant}
            onInvited={invitation => {
              setInvited(invitation);
              loaded.retry();
            }}
          />
        </Box>
      )}
      <InvitedNotice invitation={invited} />
      <ErrorAlert error={error} />
      {loaded.error && <ErrorAlert error={loaded.error} />}
      {loaded.loading && loaded.value && <Progress />}
      <DataTable<Invitation>
        label="Invitations"
        columns={columns}
        data={loaded.value ?? []}
        isLoading={loaded.loading && !loaded.value}
        emptyTitle="No invitations"
      />
      <ConfirmDialog
        open={revoking !== undefined}
        title="Revoke invitation"
        confirmLabel="Revoke"
        busy={busy}
        onClose={() => setRevoking(undefined)}
        onConfirm={async () => {
          const invitation = revoking!;
          setRevoking(undefined);
          const result = await run(() =>
            api.revokeInvitation(tenant, invitation.id),
          );
          if (result.ok) loaded.retry();
        }}
      >
        Revoke the invitation to {revoking?.email}? Its link stops working.
      </ConfirmDialog>
    </>
  );
};

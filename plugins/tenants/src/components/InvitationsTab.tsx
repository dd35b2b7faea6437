import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Box, Button, TableCell, TableRow } from '@material-ui/core';
import {
  Link,
  Progress,
  StatusError,
  StatusOK,
  StatusPending,
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
  ErrorAlert,
  SimpleTable,
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
      {loaded.loading && <Progress />}
      {loaded.value && (
        <SimpleTable
          label="Invitations"
          columns={['Email', 'Role', 'Status', 'Expires', 'Accept link']}
          actions
          empty="No invitations."
          isEmpty={loaded.value.length === 0}
        >
          {loaded.value.map(invitation => (
            <TableRow key={invitation.id}>
              <TableCell>{invitation.email}</TableCell>
              <TableCell>{invitation.role}</TableCell>
              <TableCell>
                <InvitationStatus invitation={invitation} />
              </TableCell>
              <TableCell>{formatTime(invitation.expiresAt)}</TableCell>
              <TableCell>
                {invitation.acceptUrl ? (
                  <Link to={invitation.acceptUrl}>accept link</Link>
                ) : (
                  ''
                )}
              </TableCell>
              <TableCell align="right">
                {canInvite && invitation.status !== 'accepted' && (
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
                )}
              </TableCell>
            </TableRow>
          ))}
        </SimpleTable>
      )}
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

import { memo, useState } from 'react';
import { Box, Button } from '@material-ui/core';
import { Link, Progress, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  DataTable,
  useAction,
} from '@controlplane/frontend-common';
import {
  AppCredential,
  appsCredentialRevokePermission,
  appsCredentialRotatePermission,
  IssuedCredential,
} from '@controlplane/plugin-apps-common';
import { appsApiRef } from '../api';
import {
  ConfirmDialog,
  CredentialStatusView,
  formatTime,
  inGracePeriod,
  ScopeChips,
  useAppPermission,
} from './common';
import { RotateCredentialDialog } from './CredentialDialogs';
import { IssuedCredentialDialog } from './IssuedCredentialDialog';
import { appPath, useAppsRoot } from './links';
import { useCredentials } from './useCredentials';

/** Rotate and revoke, each for users allowed to on the credential's app. */
const CredentialActions = (props: {
  credential: AppCredential;
  onRotate: () => void;
  onRevoke: () => void;
}) => {
  const { credential } = props;
  const canRotate = useAppPermission(
    appsCredentialRotatePermission,
    credential.appId,
  );
  const canRevoke = useAppPermission(
    appsCredentialRevokePermission,
    credential.appId,
  );
  if (credential.status !== 'active') return null;
  return (
    <Box display="flex" justifyContent="flex-end" style={{ gap: 4 }}>
      {canRotate && (
        <Button
          size="small"
          aria-label={`Rotate ${credential.name}`}
          onClick={props.onRotate}
        >
          Rotate
        </Button>
      )}
      {canRevoke && (
        <Button
          size="small"
          color="secondary"
          aria-label={`Revoke ${credential.name}`}
          onClick={props.onRevoke}
        >
          Revoke
        </Button>
      )}
    </Box>
  );
};

/**
 * Credentials with their metadata (never a secret), rotate (showing the new
 * secret once) and revoke after confirmation. With `showApp`, a column links
 * to each credential's app. Memoized: DataTable remounts its rows whenever
 * it renders, so the page's other updates must not re-render it.
 */
export const CredentialsTable = memo(
  (props: {
    records: AppCredential[];
    showApp?: boolean;
    empty: string;
    onChanged: () => void;
  }) => {
    const api = useApi(appsApiRef);
    const root = useAppsRoot();
    const [rotating, setRotating] = useState<AppCredential>();
    const [revoking, setRevoking] = useState<AppCredential>();
    const [issued, setIssued] = useState<IssuedCredential>();
    const revoke = useAction();
    const columns: TableColumn<AppCredential>[] = [
      { title: 'Name', field: 'name', highlight: true },
      ...(props.showApp
        ? [
            {
              title: 'App',
              field: 'appName',
              render: (credential: AppCredential) => (
                <Link to={appPath(root, credential.appId)}>
                  {credential.appName}
                </Link>
              ),
            },
          ]
        : []),
      {
        title: 'Prefix',
        field: 'prefix',
        render: credential => <code>{credential.prefix}</code>,
      },
      {
        title: 'Scopes',
        sorting: false,
        render: credential => <ScopeChips scopes={credential.scopes} />,
      },
      {
        title: 'Status',
        field: 'status',
        render: credential => <CredentialStatusView credential={credential} />,
      },
      {
        title: 'Created',
        field: 'createdAt',
        render: credential => formatTime(credential.createdAt),
      },
      {
        title: 'Expires',
        field: 'expiresAt',
        render: credential =>
          credential.expiresAt ? formatTime(credential.expiresAt) : 'never',
      },
      {
        title: 'Last used',
        field: 'lastUsedAt',
        render: credential =>
          credential.lastUsedAt ? formatTime(credential.lastUsedAt) : 'never',
      },
      {
        title: 'Old secret valid until',
        sorting: false,
        render: credential =>
          inGracePeriod(credential)
            ? formatTime(credential.previousSecretValidUntil)
            : '—',
      },
      {
        title: 'Actions',
        sorting: false,
        align: 'right',
        render: credential => (
          <CredentialActions
            credential={credential}
            onRotate={() => setRotating(credential)}
            onRevoke={() => {
              revoke.clearError();
              setRevoking(credential);
            }}
          />
        ),
      },
    ];

    return (
      <>
        <DataTable
          label="Credentials"
          columns={columns}
          data={props.records}
          emptyTitle={props.empty}
        />
        <RotateCredentialDialog
          credential={rotating}
          onClose={() => setRotating(undefined)}
          onRotated={result => {
            setRotating(undefined);
            setIssued(result);
            props.onChanged();
          }}
        />
        <IssuedCredentialDialog
          title="Credential rotated"
          issued={issued}
          onClose={() => setIssued(undefined)}
        />
        <ConfirmDialog
          open={!!revoking}
          title={`Revoke ${revoking?.name ?? ''}`}
          confirmLabel="Revoke"
          busy={revoke.busy}
          error={revoke.error}
          onClose={() => setRevoking(undefined)}
          onConfirm={async () => {
            if (!revoking) return;
            const result = await revoke.run(() =>
              api.revokeCredential(revoking.id),
            );
            if (result.ok) {
              setRevoking(undefined);
              props.onChanged();
            }
          }}
        >
          Every call with this credential is refused within seconds, including
          during a rotation's grace period. This cannot be undone.
        </ConfirmDialog>
      </>
    );
  },
);

/**
 * Credentials as {@link useCredentials} loads them: the table, its error,
 * progress and "Load more" while more pages follow.
 */
export const CredentialsList = (props: {
  credentials: ReturnType<typeof useCredentials>;
  showApp?: boolean;
  empty: string;
}) => {
  const { credentials } = props;
  return (
    <>
      {credentials.error && <BackendErrorPanel error={credentials.error} />}
      {credentials.records && (
        <CredentialsTable
          records={credentials.records}
          showApp={props.showApp}
          empty={props.empty}
          onChanged={credentials.reload}
        />
      )}
      {credentials.loading && <Progress />}
      {credentials.nextCursor && (
        <Box display="flex" justifyContent="flex-end" mt={1}>
          <Button disabled={credentials.loading} onClick={credentials.loadMore}>
            Load more
          </Button>
        </Box>
      )}
    </>
  );
};

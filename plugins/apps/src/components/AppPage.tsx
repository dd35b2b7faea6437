import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Box, Button, Grid } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import LibraryBooksIcon from '@material-ui/icons/LibraryBooks';
import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  FormDialog,
  PortalPage,
  useAction,
} from '@controlplane/frontend-common';
import {
  appsAppDisablePermission,
  appsCredentialReadPermission,
  ManagedApp,
} from '@controlplane/plugin-apps-common';
import { appsApiRef } from '../api';
import { ConfirmDialog, useAppPermission } from './common';
import { CredentialsCard } from './CredentialsCard';
import { useAppEntityPath, useAppsRoot } from './links';
import { OverviewCard } from './OverviewCard';
import { RateLimitsCard } from './RateLimitsCard';
import { UsageCard } from './UsageCard';
import { useCredentials } from './useCredentials';

/** Why the app's calls are refused, over every card. */
export const DisabledBanner = (props: { app: ManagedApp }) => {
  if (props.app.status !== 'disabled') return null;
  return (
    <Box mb={2}>
      <Alert severity="warning" role="alert" aria-label="App disabled">
        <AlertTitle>This app is disabled</AlertTitle>
        Every call with its credentials is refused until it is enabled again.
        {props.app.disabledReason && <> Reason: {props.app.disabledReason}</>}
      </Alert>
    </Box>
  );
};

/** Disable (with a reason) or enable, with apps.app.disable on the app. */
const DisableActions = (props: {
  app: ManagedApp;
  onChanged: (app: ManagedApp) => void;
}) => {
  const api = useApi(appsApiRef);
  const { app } = props;
  const canDisable = useAppPermission(appsAppDisablePermission, app.id);
  const [dialog, setDialog] = useState<'disable' | 'enable'>();
  const { busy, error, run, clearError } = useAction();
  if (!canDisable) return null;

  const open = (which: 'disable' | 'enable') => {
    clearError();
    setDialog(which);
  };
  const act = async (action: () => Promise<ManagedApp>) => {
    const result = await run(action);
    if (result.ok) {
      setDialog(undefined);
      props.onChanged(result.value);
    }
  };

  return (
    <>
      {app.status === 'active' ? (
        <Button
          variant="outlined"
          color="secondary"
          onClick={() => open('disable')}
        >
          Disable
        </Button>
      ) : (
        <Button variant="outlined" onClick={() => open('enable')}>
          Enable
        </Button>
      )}
      <ConfirmDialog
        open={dialog === 'disable'}
        title={`Disable ${app.name}`}
        confirmLabel="Disable"
        reasonLabel="Reason"
        busy={busy}
        error={error}
        onClose={() => setDialog(undefined)}
        onConfirm={reason => act(() => api.disableApp(app.id, reason))}
      >
        Every call with the app's credentials will be refused within seconds,
        until it is enabled again. Its credentials are kept.
      </ConfirmDialog>
      <FormDialog
        open={dialog === 'enable'}
        title={`Enable ${app.name}`}
        submitLabel="Enable"
        submitDisabled={busy}
        error={error}
        fullWidth={false}
        onSubmit={() => act(() => api.enableApp(app.id))}
        onClose={() => setDialog(undefined)}
      >
        The app's active credentials will work again.
      </FormDialog>
    </>
  );
};

/** One app: status, overview, credentials, rate limits and usage. */
export const AppPage = () => {
  const { id = '' } = useParams();
  const api = useApi(appsApiRef);
  const root = useAppsRoot();
  const loaded = useAsyncRetry(() => api.getApp(id), [api, id]);
  const [app, setApp] = useState<ManagedApp>();
  useEffect(() => setApp(loaded.value), [loaded.value]);
  const canReadCredentials = useAppPermission(appsCredentialReadPermission, id);
  const credentials = useCredentials({ appId: id }, canReadCredentials);
  const entityPath = useAppEntityPath(app?.name ?? '');

  const allApps = <Link to={root}>All apps</Link>;
  if (!app) {
    return (
      <PortalPage title="App" headerActions={allApps}>
        {loaded.loading && <Progress />}
        {loaded.error && <BackendErrorPanel error={loaded.error} />}
      </PortalPage>
    );
  }

  return (
    <PortalPage
      title={app.title || app.name}
      subtitle={`${app.name} · ${app.environment} · ${app.status}`}
      headerActions={
        <Box display="flex" alignItems="center" style={{ gap: 16 }}>
          {allApps}
          <Link to={entityPath}>
            <Box display="flex" alignItems="center" style={{ gap: 4 }}>
              <LibraryBooksIcon fontSize="small" />
              View in catalog
            </Box>
          </Link>
          <DisableActions app={app} onChanged={setApp} />
        </Box>
      }
    >
      <DisabledBanner app={app} />
      <Grid container spacing={3}>
        <Grid item xs={12} md={6}>
          <OverviewCard app={app} onChanged={setApp} />
        </Grid>
        <Grid item xs={12} md={6}>
          <RateLimitsCard app={app} onChanged={setApp} />
        </Grid>
        {canReadCredentials && (
          <>
            <Grid item xs={12}>
              <CredentialsCard app={app} credentials={credentials} />
            </Grid>
            {/* Usage is per credential: it needs the credentials to choose from. */}
            <Grid item xs={12}>
              <UsageCard app={app} credentials={credentials.records} />
            </Grid>
          </>
        )}
      </Grid>
    </PortalPage>
  );
};

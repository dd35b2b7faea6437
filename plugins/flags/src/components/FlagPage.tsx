import { useState } from 'react';
import { useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Box, Grid, Typography } from '@material-ui/core';
import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { BackendErrorPanel, PortalPage } from '@controlplane/frontend-common';
import { Flag } from '@controlplane/plugin-flags-common';
import { flagsApiRef } from '../api';
import { DefinitionCard } from './DefinitionCard';
import { HistoryCard } from './HistoryCard';
import { KillSwitchButton } from './KillSwitchButton';
import { LifecycleActions } from './LifecycleActions';
import { useFlagsRoot } from './links';
import { MetricsCard } from './MetricsCard';
import { SchedulesCard } from './SchedulesCard';
import { ValuesCard } from './ValuesCard';

/**
 * One flag: its definition, values per environment, kill switch, lifecycle,
 * scheduled changes, change history and evaluation metrics. Every change
 * answers the flag as it is now, which replaces the one shown.
 */
export const FlagPage = () => {
  const { key = '' } = useParams();
  const api = useApi(flagsApiRef);
  const root = useFlagsRoot();
  const loaded = useAsyncRetry(() => api.getFlag(key), [api, key]);
  const [changed, setChanged] = useState<Flag>();
  // Bumped after each change, so the history shows it.
  const [version, setVersion] = useState(0);
  const flag = changed?.key === key ? changed : loaded.value;
  const onChanged = (next: Flag) => {
    setChanged(next);
    setVersion(v => v + 1);
  };

  if (loaded.error) {
    return (
      <PortalPage title={key}>
        <BackendErrorPanel error={loaded.error} />
      </PortalPage>
    );
  }
  if (!flag) return <Progress />;

  return (
    <PortalPage
      title={flag.key}
      subtitle={flag.description}
      headerActions={
        <>
          <LifecycleActions flag={flag} onChanged={onChanged} />
          <KillSwitchButton flag={flag} onChanged={onChanged} />
        </>
      }
    >
      <Box mb={2}>
        <Link to={root}>All flags</Link>
      </Box>
      {flag.killed && (
        <Box mb={2} p={2} bgcolor="error.light" borderRadius={4}>
          <Typography role="alert" aria-label="Flag killed">
            The kill switch is on: every tenant, plan and environment gets the
            off variant ({flag.offVariant}).
          </Typography>
        </Box>
      )}
      <Grid container spacing={3}>
        <Grid item xs={12} md={5}>
          <DefinitionCard flag={flag} />
        </Grid>
        <Grid item xs={12} md={7}>
          <MetricsCard flagKey={flag.key} />
        </Grid>
        <Grid item xs={12}>
          <ValuesCard flag={flag} onChanged={onChanged} />
        </Grid>
        <Grid item xs={12}>
          <SchedulesCard flag={flag} />
        </Grid>
        <Grid item xs={12}>
          <HistoryCard flagKey={flag.key} version={version} />
        </Grid>
      </Grid>
    </PortalPage>
  );
};

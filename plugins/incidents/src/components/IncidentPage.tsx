import { useState } from 'react';
import { useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Box, Grid } from '@material-ui/core';
import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { BackendErrorPanel, PortalPage } from '@controlplane/frontend-common';
import { Incident } from '@controlplane/plugin-incidents-common';
import { incidentsApiRef } from '../api';
import { useIncidentAccess } from './access';
import { CommentBox } from './CommentBox';
import { formatTenant } from './format';
import { IncidentActions } from './IncidentActions';
import { IncidentFacts } from './IncidentFacts';
import { statusLabel } from './labels';
import { useIncidentsRoot } from './links';
import { Timeline } from './Timeline';

/** The incident once read: controls for those allowed, facts, timeline, comments. */
const IncidentView = (props: {
  incident: Incident;
  onChanged: (incident: Incident) => void;
  version: number;
  onCommented: () => void;
}) => {
  const { incident } = props;
  const root = useIncidentsRoot();
  const access = useIncidentAccess(incident);
  return (
    <PortalPage
      title={incident.title}
      subtitle={`${incident.severity}, ${incident.category}, ${formatTenant(
        incident,
      )}: ${statusLabel(incident.status)}`}
      headerActions={
        access.update ? (
          <IncidentActions incident={incident} onChanged={props.onChanged} />
        ) : undefined
      }
    >
      <Box mb={2}>
        <Link to={root}>All incidents</Link>
      </Box>
      <IncidentFacts incident={incident} />
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <Box mt={3}>
            <Timeline incidentId={incident.id} version={props.version} />
            {access.comment && (
              <CommentBox
                incidentId={incident.id}
                onPosted={props.onCommented}
              />
            )}
          </Box>
        </Grid>
      </Grid>
    </PortalPage>
  );
};

/**
 * One incident at `/incidents/<id>`: its status, severity and priority,
 * category, tenants and entities, people and times, the timeline with the
 * related changes marked, and, for those allowed, the status and
 * assignment controls and the comment box.
 */
export const IncidentPage = () => {
  const { id = '' } = useParams();
  const api = useApi(incidentsApiRef);
  const loaded = useAsyncRetry(() => api.getIncident(id), [api, id]);
  const [changed, setChanged] = useState<Incident>();
  // Each change (or comment) reads the timeline again.
  const [version, setVersion] = useState(0);
  // The answer to a change stands until the incident is read again.
  const incident =
    loaded.loading && changed?.id === id ? changed : loaded.value;
  const { retry } = loaded;

  if (loaded.error) {
    return (
      <PortalPage title="Incident">
        <BackendErrorPanel error={loaded.error} />
      </PortalPage>
    );
  }
  if (!incident) return <Progress />;

  const onChanged = (next: Incident) => {
    setChanged(next);
    setVersion(v => v + 1);
    retry();
  };
  return (
    <IncidentView
      incident={incident}
      onChanged={onChanged}
      version={version}
      onCommented={() => setVersion(v => v + 1)}
    />
  );
};

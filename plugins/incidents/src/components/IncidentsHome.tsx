import { useNavigate } from 'react-router-dom';
import { Box, Tab, Tabs } from '@material-ui/core';
import { Progress } from '@backstage/core-components';
import { PortalPage } from '@controlplane/frontend-common';
import { useIncidentsAccess } from './access';
import { useIncidentsRoot } from './links';
import { MaintenanceView } from './MaintenanceView';
import { NewIncidentButton } from './NewIncidentDialog';
import { QueueView } from './QueueView';
import { SummaryLine } from './SummaryLine';

export type IncidentsView = 'queue' | 'maintenance';

const LABELS: Record<IncidentsView, string> = {
  queue: 'Queue',
  maintenance: 'Maintenance',
};

/**
 * The views of `/incidents` as tabs: the queue (`/incidents` or
 * `/incidents/queue`) and the maintenance calendar (`/incidents/maintenance`).
 */
export const IncidentsHome = (props: { view: IncidentsView }) => {
  const access = useIncidentsAccess();
  const root = useIncidentsRoot();
  const navigate = useNavigate();
  return (
    <PortalPage
      title="Incidents"
      subtitle="Incidents and support tickets of the tenants in reach, and maintenance windows"
      headerActions={access.create ? <NewIncidentButton /> : undefined}
    >
      {access.loading ? (
        <Progress />
      ) : (
        <>
          <SummaryLine />
          <Box mb={2}>
            <Tabs
              value={props.view}
              onChange={(_, value) => navigate(`${root}/${value}`)}
              indicatorColor="primary"
              aria-label="Incident views"
            >
              {(['queue', 'maintenance'] as const).map(v => (
                <Tab key={v} value={v} label={LABELS[v]} />
              ))}
            </Tabs>
          </Box>
          {props.view === 'queue' && <QueueView />}
          {props.view === 'maintenance' && <MaintenanceView />}
        </>
      )}
    </PortalPage>
  );
};

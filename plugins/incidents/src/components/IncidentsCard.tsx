import useAsync from 'react-use/esm/useAsync';
import {
  Box,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { InfoCard, Link } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  BackendErrorPanel,
  EntityName,
  HeldOnly,
} from '@controlplane/frontend-common';
import { incidentsIncidentReadPermission } from '@controlplane/plugin-incidents-common';
import { incidentsApiRef } from '../api';
import { SeverityChip } from './chips';
import { formatOpened } from './format';
import { statusLabel } from './labels';
import { entityQueuePath, incidentPath, useIncidentsRoot } from './links';

/** The card's content: only rendered (and fetched) for readers. */
const IncidentsCardContent = (props: { entity: string }) => {
  const { entity } = props;
  const api = useApi(incidentsApiRef);
  const root = useIncidentsRoot();
  const open = useAsync(
    () =>
      api.listIncidents({
        entity,
        status: ['open', 'in_progress'],
        limit: '10',
      }),
    [api, entity],
  );
  const items = open.value?.items ?? [];
  return (
    <InfoCard
      title="Incidents"
      deepLink={{
        title: 'All incidents affecting it',
        link: entityQueuePath(root, entity),
      }}
    >
      {open.error && <BackendErrorPanel error={open.error} />}
      {open.value && items.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No open incidents affect it
        </Typography>
      )}
      <List dense aria-label="Open incidents">
        {items.map(incident => (
          <ListItem key={incident.id} disableGutters>
            <Box mr={1}>
              <SeverityChip severity={incident.severity} />
            </Box>
            <ListItemText
              primary={
                <Link to={incidentPath(root, incident.id)}>
                  {incident.title}
                </Link>
              }
              secondary={
                <>
                  {statusLabel(incident.status)},{' '}
                  {formatOpened(incident.openedAt)},{' '}
                  {incident.assignee ? (
                    <EntityName entityRef={incident.assignee} />
                  ) : (
                    'unassigned'
                  )}
                </>
              }
            />
          </ListItem>
        ))}
      </List>
    </InfoCard>
  );
};

/**
 * The "Incidents" card of agent and app pages: the open incidents that
 * affect the entity, each linked to its page, and a link to the queue
 * filtered by it. Hidden from users without incidents.incident.read
 * (nothing is fetched for them).
 */
export const IncidentsCard = () => {
  const { entity } = useEntity();
  return (
    <HeldOnly permission={incidentsIncidentReadPermission.name}>
      <IncidentsCardContent entity={stringifyEntityRef(entity)} />
    </HeldOnly>
  );
};

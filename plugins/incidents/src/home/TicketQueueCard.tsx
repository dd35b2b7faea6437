import useAsync from 'react-use/esm/useAsync';
import { Box, Typography } from '@material-ui/core';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { BackendErrorPanel, HomeCardList } from '@controlplane/frontend-common';
import { IncidentPage, Status } from '@controlplane/plugin-incidents-common';
import { incidentsApiRef } from '../api';
import { SeverityChip } from '../components/chips';
import { useIncidentsRoot } from '../components/links';
import { incidentItem } from './incidentItem';

/** Tickets the card lists at most in each of its two lists. */
export const TICKETS_SHOWN = 5;

/** Open work: open and in progress, as the queue shows it by default. */
const ACTIVE: Status[] = ['open', 'in_progress'];

/** One of the card's two lists, with the queue filtered the same way. */
const TicketList = (props: {
  title: string;
  page: IncidentPage;
  emptyText: string;
  root: string;
  /** The queue's assignee filter: `me` or `unassigned`. */
  assignee: 'me' | 'unassigned';
}) => {
  const { title, page, emptyText, root, assignee } = props;
  return (
    <Box component="section" aria-label={title} mb={2}>
      <Typography variant="subtitle2" component="h3">
        {title}
      </Typography>
      <HomeCardList
        emptyText={emptyText}
        items={page.items.map(ticket =>
          incidentItem(
            root,
            ticket,
            <SeverityChip severity={ticket.severity} />,
          ),
        )}
        more={
          page.items.length > 0
            ? {
                href: `${root}/queue?assignee=${assignee}`,
                label: page.nextCursor ? 'More in the queue' : 'In the queue',
              }
            : undefined
        }
      />
    </Box>
  );
};

/**
 * The support agent's card, "Ticket queue": the open tickets assigned to
 * the user, then the unassigned ones waiting for someone to take them,
 * newest first, each linked to its page. Two requests, as the queue's
 * assignee filter asks them.
 */
export const TicketQueueCard = () => {
  const api = useApi(incidentsApiRef);
  const root = useIncidentsRoot();
  const { value, loading, error } = useAsync(async () => {
    const limit = String(TICKETS_SHOWN);
    const [mine, unassigned] = await Promise.all([
      api.listIncidents({ status: ACTIVE, assignee: 'me', limit }),
      api.listIncidents({ status: ACTIVE, assignee: 'none', limit }),
    ]);
    return { mine, unassigned };
  }, [api]);

  if (loading) return <Progress />;
  if (error) return <BackendErrorPanel error={error} />;
  return (
    <>
      <TicketList
        title="Assigned to me"
        page={value!.mine}
        emptyText="No open tickets are assigned to you."
        root={root}
        assignee="me"
      />
      <TicketList
        title="Unassigned"
        page={value!.unassigned}
        emptyText="Every open ticket has someone on it."
        root={root}
        assignee="unassigned"
      />
    </>
  );
};

import useAsync from 'react-use/esm/useAsync';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { BackendErrorPanel, HomeCardList } from '@controlplane/frontend-common';
import { Status } from '@controlplane/plugin-incidents-common';
import { incidentsApiRef } from '../api';
import { StatusChip } from '../components/chips';
import { useIncidentsRoot } from '../components/links';
import { incidentItem } from './incidentItem';

/** Tickets the card lists at most. */
export const TENANT_TICKETS_SHOWN = 5;

/** Open work: open and in progress, as the queue shows it by default. */
const ACTIVE: Status[] = ['open', 'in_progress'];

/**
 * A tenant owner's or administrator's card, "Open tickets": their tenants'
 * open and in-progress tickets, newest first, each linked to its page. The
 * backend answers only the tickets the user may read (their tenants' and
 * the platform's), so one request serves whatever tenants they belong to.
 */
export const TenantTicketsCard = () => {
  const api = useApi(incidentsApiRef);
  const root = useIncidentsRoot();
  const { value, loading, error } = useAsync(
    () =>
      api.listIncidents({
        status: ACTIVE,
        limit: String(TENANT_TICKETS_SHOWN),
      }),
    [api],
  );

  if (loading) return <Progress />;
  if (error) return <BackendErrorPanel error={error} />;
  return (
    <HomeCardList
      emptyText="None of your tickets is open."
      items={value!.items.map(ticket =>
        incidentItem(root, ticket, <StatusChip status={ticket.status} />),
      )}
      more={{
        href: `${root}/queue`,
        label: value!.nextCursor ? 'More tickets' : 'All tickets',
      }}
    />
  );
};

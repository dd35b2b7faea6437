import {
  ApiBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import ReportProblemIcon from '@material-ui/icons/ReportProblem';
import {
  createDomainPage,
  createHomeCard,
  pluginApiClientFactory,
} from '@controlplane/frontend-common';
import {
  incidentsIncidentReadPermission,
  incidentsIncidentUpdatePermission,
} from '@controlplane/plugin-incidents-common';
import { incidentsApiRef, IncidentsClient } from './api';
import { rootRouteRef } from './routes';
import {
  incidentSearchResultListItem,
  incidentSearchResultType,
} from './search';

/** Provides the client of the incidents REST API. */
export const incidentsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams(pluginApiClientFactory(incidentsApiRef, IncidentsClient)),
});

/**
 * The page at /incidents. Users who hold `incidents.incident.read` (for
 * some tenant at least) see it in the sidebar; anyone else opening the URL
 * is told which permission they need.
 */
export const incidentsPage = createDomainPage({
  path: '/incidents',
  title: 'Incidents',
  icon: <ReportProblemIcon fontSize="inherit" />,
  routeRef: rootRouteRef,
  permission: incidentsIncidentReadPermission,
  loader: () =>
    import('./components/IncidentsPage').then(m => <m.IncidentsPage />),
});

/**
 * The "Incidents" card on agent and app pages of the catalog: the open
 * incidents affecting the entity.
 */
export const incidentsEntityCard = EntityCardBlueprint.make({
  name: 'incidents',
  params: {
    filter: { kind: { $in: ['agent', 'app'] } },
    loader: () =>
      import('./components/IncidentsCard').then(m => <m.IncidentsCard />),
  },
});

/**
 * The support agent's home card, "Ticket queue": open tickets assigned to
 * the user and the unassigned ones. For those who work tickets.
 */
export const ticketQueueCard = createHomeCard({
  name: 'ticket-queue',
  widgetName: 'IncidentsTicketQueue',
  title: 'Ticket queue',
  description: 'Open tickets assigned to you, and those nobody took yet',
  permission: incidentsIncidentUpdatePermission,
  order: 20,
  loader: () =>
    import('./home/TicketQueueCard').then(m => <m.TicketQueueCard />),
});

/**
 * The operator's home card, "Open incidents by severity": counts per
 * severity and the newest open incidents. For those who work incidents.
 */
export const openIncidentsCard = createHomeCard({
  name: 'open-incidents',
  widgetName: 'IncidentsOpenBySeverity',
  title: 'Open incidents by severity',
  description: 'Open incidents counted per severity, and the newest ones',
  permission: incidentsIncidentUpdatePermission,
  order: 100,
  loader: () =>
    import('./home/OpenIncidentsCard').then(m => <m.OpenIncidentsCard />),
});

/**
 * The tenant owner's home card, "Open tickets": their tenants' open tickets.
 * For those who read tickets in their own tenants only (a tenant-scoped
 * role); support agents and operators have the queue and the severity card.
 */
export const tenantTicketsCard = createHomeCard({
  name: 'tenant-tickets',
  widgetName: 'IncidentsTenantTickets',
  title: 'Open tickets',
  description: "Your tenant's open and in-progress tickets",
  permission: incidentsIncidentReadPermission,
  audience: 'scoped',
  order: 40,
  loader: () =>
    import('./home/TenantTicketsCard').then(m => <m.TenantTicketsCard />),
});

/** The incidents plugin: its page, its entity card and its API client. */
export default createFrontendPlugin({
  pluginId: 'incidents',
  title: 'Incidents',
  icon: <ReportProblemIcon fontSize="inherit" />,
  extensions: [
    incidentsApi,
    incidentsPage,
    incidentsEntityCard,
    incidentSearchResultListItem,
    incidentSearchResultType,
    ticketQueueCard,
    openIncidentsCard,
    tenantTicketsCard,
  ],
  routes: { root: rootRouteRef },
});

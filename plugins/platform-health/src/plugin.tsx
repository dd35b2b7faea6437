import {
  ApiBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import DashboardIcon from '@material-ui/icons/Dashboard';
import {
  createDomainPage,
  createHomeCard,
  pluginApiClientFactory,
} from '@controlplane/frontend-common';
import { platformHealthDashboardReadPermission } from '@controlplane/plugin-platform-health-common';
import { platformHealthApiRef, PlatformHealthClient } from './api';
import { rootRouteRef } from './routes';

/** Provides the client of the platform-health REST API. */
export const platformHealthApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams(
      pluginApiClientFactory(platformHealthApiRef, PlatformHealthClient),
    ),
});

/**
 * The platform dashboard at /platform (with /platform/system and
 * /platform/tenants/<tenant>). Users who hold
 * `platform-health.dashboard.read` (for some tenant at least) see
 * "Platform dashboard" in the sidebar; anyone else opening the URL is told
 * which permission they need.
 */
export const platformHealthPage = createDomainPage({
  path: '/platform',
  title: 'Platform dashboard',
  icon: <DashboardIcon fontSize="inherit" />,
  routeRef: rootRouteRef,
  permission: platformHealthDashboardReadPermission,
  loader: () =>
    import('./components/PlatformHealthPage').then(m => (
      <m.PlatformHealthPage />
    )),
});

/**
 * The operators' and platform admins' home card, "Platform health": the
 * dashboard's health tiles. For readers of the dashboard, as its page.
 */
export const platformHealthCard = createHomeCard({
  name: 'platform-health',
  widgetName: 'PlatformHealthTiles',
  title: 'Platform health',
  description:
    'API, database and scheduled jobs, as the platform dashboard shows them',
  permission: platformHealthDashboardReadPermission,
  order: 150,
  width: 12,
  height: 6,
  loader: () =>
    import('./home/PlatformHealthCard').then(m => <m.PlatformHealthCard />),
});

/** The platform-health plugin: its page and its API client. */
export default createFrontendPlugin({
  pluginId: 'platform-health',
  title: 'Platform dashboard',
  icon: <DashboardIcon fontSize="inherit" />,
  extensions: [platformHealthApi, platformHealthPage, platformHealthCard],
  routes: { root: rootRouteRef },
});

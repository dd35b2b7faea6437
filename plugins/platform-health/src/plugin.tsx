import {
  ApiBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import DashboardIcon from '@material-ui/icons/Dashboard';
import {
  createDomainPage,
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

/** The platform-health plugin: its page and its API client. */
export default createFrontendPlugin({
  pluginId: 'platform-health',
  title: 'Platform dashboard',
  icon: <DashboardIcon fontSize="inherit" />,
  extensions: [platformHealthApi, platformHealthPage],
  routes: { root: rootRouteRef },
});

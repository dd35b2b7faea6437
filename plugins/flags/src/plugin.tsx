import {
  ApiBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import FlagIcon from '@material-ui/icons/Flag';
import {
  createDomainPage,
  createHomeCard,
  pluginApiClientFactory,
} from '@controlplane/frontend-common';
import {
  flagsFlagReadPermission,
  flagsTenantReadPermission,
} from '@controlplane/plugin-flags-common';
import { flagsApiRef, FlagsClient } from './api';
import { rootRouteRef } from './routes';
import { flagSearchResultListItem, flagSearchResultType } from './search';

/** Provides the client of the flags REST API. */
export const flagsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams(pluginApiClientFactory(flagsApiRef, FlagsClient)),
});

/**
 * The page at /flags. Users who hold `flags.flag.read` (operators,
 * developers) or `flags.tenant.read` for some tenant (tenant admins, who see
 * their tenants' effective flags read-only) see it in the sidebar; anyone
 * else opening the URL is told which permissions they need.
 */
export const flagsPage = createDomainPage({
  path: '/flags',
  title: 'Flags',
  icon: <FlagIcon fontSize="inherit" />,
  routeRef: rootRouteRef,
  permission: [flagsFlagReadPermission, flagsTenantReadPermission],
  loader: () => import('./components/FlagsPage').then(m => <m.FlagsPage />),
});

/**
 * The developer's home card: flags they or their groups own that look stale
 * or wait to be archived. For readers of flags, like the flags list.
 */
export const myStaleFlagsCard = createHomeCard({
  name: 'my-stale-flags',
  widgetName: 'MyStaleFlags',
  title: 'My stale flags',
  description: 'Flags you or your groups own that look stale or are deprecated',
  permission: flagsFlagReadPermission,
  order: 80,
  loader: () =>
    import('./home/MyStaleFlagsCard').then(m => <m.MyStaleFlagsCard />),
});

/** The flags plugin: its page and its API client. */
export default createFrontendPlugin({
  pluginId: 'flags',
  title: 'Flags',
  icon: <FlagIcon fontSize="inherit" />,
  extensions: [
    flagsApi,
    flagsPage,
    myStaleFlagsCard,
    flagSearchResultListItem,
    flagSearchResultType,
  ],
  routes: { root: rootRouteRef },
});

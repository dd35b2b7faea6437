import {
  ApiBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import AppsIcon from '@material-ui/icons/Apps';
import {
  createDomainPage,
  pluginApiClientFactory,
} from '@controlplane/frontend-common';
import { appsAppReadPermission } from '@controlplane/plugin-apps-common';
import { appsApiRef, AppsClient } from './api';
import { rootRouteRef } from './routes';
import { credentialFailuresCard, myAppsCard } from './home';
import { appSearchResultListItem, appSearchResultType } from './search';

/** Provides the apps API client. */
export const appsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams(pluginApiClientFactory(appsApiRef, AppsClient)),
});

/** The apps page at /apps (one app at /apps/:id, all credentials at /apps/api-keys). */
export const appsPage = createDomainPage({
  path: '/apps',
  title: 'Apps',
  icon: <AppsIcon fontSize="inherit" />,
  routeRef: rootRouteRef,
  // Only users who hold it see the page in the sidebar.
  permission: appsAppReadPermission,
  loader: () => import('./components/AppsPage').then(m => <m.AppsPage />),
});

/** Managed applications: registration, credentials, rate limits and usage. */
export default createFrontendPlugin({
  pluginId: 'apps',
  title: 'Apps',
  icon: <AppsIcon fontSize="inherit" />,
  extensions: [
    appsApi,
    appsPage,
    appSearchResultListItem,
    appSearchResultType,
    credentialFailuresCard,
    myAppsCard,
  ],
  routes: { root: rootRouteRef },
});

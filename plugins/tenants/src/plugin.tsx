import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import BusinessIcon from '@material-ui/icons/Business';
import { pluginApiClientFactory } from '@controlplane/frontend-common';
import { tenantsApiRef, TenantsClient } from './api';
import { rootRouteRef } from './routes';

/** Provides the tenants API client. */
export const tenantsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams(pluginApiClientFactory(tenantsApiRef, TenantsClient)),
});

/** The tenants page at /tenants. */
export const tenantsPage = PageBlueprint.make({
  params: {
    path: '/tenants',
    title: 'Tenants',
    icon: <BusinessIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/TenantsPage').then(m => <m.TenantsPage />),
  },
});

/** Tenants of the control plane: lifecycle, users, access settings. */
export default createFrontendPlugin({
  pluginId: 'tenants',
  title: 'Tenants',
  icon: <BusinessIcon fontSize="inherit" />,
  extensions: [tenantsApi, tenantsPage],
  routes: { root: rootRouteRef },
});

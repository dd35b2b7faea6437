import {
  ApiBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import BusinessIcon from '@material-ui/icons/Business';
import {
  createDomainPage,
  pluginApiClientFactory,
} from '@controlplane/frontend-common';
import { tenantsTenantReadPermission } from '@controlplane/plugin-tenants-common';
import { tenantsApiRef, TenantsClient } from './api';
import { rootRouteRef } from './routes';
import { myTenantCard, tenantsAtRiskCard } from './home';
import { tenantSearchResultListItem, tenantSearchResultType } from './search';

/** Provides the tenants API client. */
export const tenantsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams(pluginApiClientFactory(tenantsApiRef, TenantsClient)),
});

/** The tenants page at /tenants. */
export const tenantsPage = createDomainPage({
  path: '/tenants',
  title: 'Tenants',
  icon: <BusinessIcon fontSize="inherit" />,
  routeRef: rootRouteRef,
  // Only users who hold it see the page in the sidebar.
  permission: tenantsTenantReadPermission,
  // Whoever got an invitation link may accept it.
  openPaths: ['invitations/accept'],
  loader: () => import('./components/TenantsPage').then(m => <m.TenantsPage />),
});

/** Tenants of the control plane: lifecycle, users, access settings. */
export default createFrontendPlugin({
  pluginId: 'tenants',
  title: 'Tenants',
  icon: <BusinessIcon fontSize="inherit" />,
  extensions: [
    tenantsApi,
    tenantsPage,
    tenantSearchResultListItem,
    tenantSearchResultType,
    tenantsAtRiskCard,
    myTenantCard,
  ],
  routes: { root: rootRouteRef },
});

import {
  ApiBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import SecurityIcon from '@material-ui/icons/Security';
import {
  createDomainPage,
  pluginApiClientFactory,
} from '@controlplane/frontend-common';
import { rbacRoleReadPermission } from '@controlplane/plugin-rbac-common';
import { rbacApiRef, RbacClient } from './api';
import { rootRouteRef } from './routes';
import { roleSearchResultListItem, roleSearchResultType } from './search';

/** Provides the RBAC API client. */
export const rbacApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams(pluginApiClientFactory(rbacApiRef, RbacClient)),
});

/** The access control page at /rbac. */
export const rbacPage = createDomainPage({
  path: '/rbac',
  title: 'Access control',
  icon: <SecurityIcon fontSize="inherit" />,
  routeRef: rootRouteRef,
  // Only users who hold it see the page in the sidebar.
  permission: rbacRoleReadPermission,
  loader: () => import('./components/RbacPage').then(m => <m.RbacPage />),
});

/** Roles, grants and members of the control-plane portal. */
export default createFrontendPlugin({
  pluginId: 'rbac',
  title: 'Access control',
  icon: <SecurityIcon fontSize="inherit" />,
  extensions: [
    rbacApi,
    rbacPage,
    roleSearchResultListItem,
    roleSearchResultType,
  ],
  routes: { root: rootRouteRef },
});

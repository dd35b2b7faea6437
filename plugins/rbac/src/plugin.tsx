import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import SecurityIcon from '@material-ui/icons/Security';
import { pluginApiClientFactory } from '@controlplane/frontend-common';
import { rbacApiRef, RbacClient } from './api';
import { rootRouteRef } from './routes';

/** Provides the RBAC API client. */
export const rbacApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams(pluginApiClientFactory(rbacApiRef, RbacClient)),
});

/** The access control page at /rbac. */
export const rbacPage = PageBlueprint.make({
  params: {
    path: '/rbac',
    title: 'Access control',
    icon: <SecurityIcon fontSize="inherit" />,
    routeRef: rootRouteRef,
    loader: () => import('./components/RbacPage').then(m => <m.RbacPage />),
  },
});

/** Roles, grants and members of the control-plane portal. */
export default createFrontendPlugin({
  pluginId: 'rbac',
  title: 'Access control',
  icon: <SecurityIcon fontSize="inherit" />,
  extensions: [rbacApi, rbacPage],
  routes: { root: rootRouteRef },
});

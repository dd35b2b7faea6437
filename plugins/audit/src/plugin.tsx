import {
  ApiBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import HistoryIcon from '@material-ui/icons/History';
import {
  createDomainPage,
  pluginApiClientFactory,
} from '@controlplane/frontend-common';
import { auditLogReadPermission } from '@controlplane/plugin-audit-common';
import { auditApiRef, AuditClient } from './api';
import { rootRouteRef } from './routes';

/** Provides the audit API client. */
export const auditApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams(pluginApiClientFactory(auditApiRef, AuditClient)),
});

/** The audit trail page at /audit. */
export const auditPage = createDomainPage({
  path: '/audit',
  title: 'Audit trail',
  icon: <HistoryIcon fontSize="inherit" />,
  routeRef: rootRouteRef,
  // Only users who hold it see the page in the sidebar.
  permission: auditLogReadPermission,
  loader: () => import('./components/AuditPage').then(m => <m.AuditPage />),
});

/** The audit trail of the control-plane portal: read, follow and export it. */
export default createFrontendPlugin({
  pluginId: 'audit',
  title: 'Audit trail',
  icon: <HistoryIcon fontSize="inherit" />,
  extensions: [auditApi, auditPage],
  routes: { root: rootRouteRef },
});

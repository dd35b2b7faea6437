import {
  ApiBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import HistoryIcon from '@material-ui/icons/History';
import {
  createDomainPage,
  createHomeCard,
  pluginApiClientFactory,
} from '@controlplane/frontend-common';
import {
  auditChainVerifyPermission,
  auditLogExportPermission,
  auditLogReadPermission,
} from '@controlplane/plugin-audit-common';
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

/** The auditor's home card: is the chain intact, and its latest checkpoint. */
export const auditChainCard = createHomeCard({
  name: 'chain',
  widgetName: 'AuditChain',
  title: 'Audit chain',
  description: "The audit trail's hash chain verified, and its checkpoints",
  permission: auditChainVerifyPermission,
  order: 100,
  loader: () => import('./home/AuditChainCard').then(m => <m.AuditChainCard />),
});

/** The auditor's home card: high and critical records of the last 7 days. */
export const recentHighSeverityCard = createHomeCard({
  name: 'recent-high-severity',
  widgetName: 'AuditRecentHighSeverity',
  title: 'Recent high-severity changes',
  description: 'High and critical audit records of the last 7 days',
  permission: auditLogReadPermission,
  order: 50,
  loader: () =>
    import('./home/RecentHighSeverityCard').then(m => (
      <m.RecentHighSeverityCard />
    )),
});

/** The auditor's home card: the latest exports and downloads of common ranges. */
export const auditExportsCard = createHomeCard({
  name: 'exports',
  widgetName: 'AuditExports',
  title: 'Audit exports',
  description: 'The latest exports of the audit trail, and new ones',
  permission: auditLogExportPermission,
  order: 220,
  loader: () =>
    import('./home/AuditExportsCard').then(m => <m.AuditExportsCard />),
});

/** The audit trail of the control-plane portal: read, follow and export it. */
export default createFrontendPlugin({
  pluginId: 'audit',
  title: 'Audit trail',
  icon: <HistoryIcon fontSize="inherit" />,
  extensions: [
    auditApi,
    auditPage,
    auditChainCard,
    recentHighSeverityCard,
    auditExportsCard,
  ],
  routes: { root: rootRouteRef },
});

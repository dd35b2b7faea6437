import {
  ApiBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import ReceiptIcon from '@material-ui/icons/Receipt';
import {
  createDomainPage,
  pluginApiClientFactory,
} from '@controlplane/frontend-common';
import { billingUsageReadPermission } from '@controlplane/plugin-billing-common';
import { billingApiRef, BillingClient } from './api';
import { rootRouteRef } from './routes';
import { budgetAlertsCard, usageBudgetCard } from './home';

/** Provides the client of the billing REST API. */
export const billingApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams(pluginApiClientFactory(billingApiRef, BillingClient)),
});

/**
 * The page at /billing. Users who hold `billing.usage.read` for some tenant
 * (operators for all, a tenant's owners for theirs) see it in the sidebar;
 * anyone else opening the URL is told which permission they need.
 */
export const billingPage = createDomainPage({
  path: '/billing',
  title: 'Billing',
  icon: <ReceiptIcon fontSize="inherit" />,
  routeRef: rootRouteRef,
  permission: billingUsageReadPermission,
  loader: () => import('./components/BillingPage').then(m => <m.BillingPage />),
});

/** The billing plugin: its page and its API client. */
export default createFrontendPlugin({
  pluginId: 'billing',
  title: 'Billing',
  icon: <ReceiptIcon fontSize="inherit" />,
  extensions: [billingApi, billingPage, budgetAlertsCard, usageBudgetCard],
  routes: { root: rootRouteRef },
});

import {
  ApiBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import CallMergeIcon from '@material-ui/icons/CallMerge';
import {
  createDomainPage,
  createHomeCard,
  pluginApiClientFactory,
} from '@controlplane/frontend-common';
import {
  promotionsRequestApprovePermission,
  promotionsRequestCreatePermission,
  promotionsRequestReadPermission,
} from '@controlplane/plugin-promotions-common';
import { promotionsApiRef, PromotionsClient } from './api';
import { rootRouteRef } from './routes';
import {
  promotionSearchResultListItem,
  promotionSearchResultType,
} from './search';

/** Provides the client of the promotions REST API. */
export const promotionsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams(pluginApiClientFactory(promotionsApiRef, PromotionsClient)),
});

/**
 * The page at /promotions. Users who hold `promotions.request.read` (for
 * some tenant at least) see it in the sidebar; anyone else opening the URL is
 * told which permission they need.
 */
export const promotionsPage = createDomainPage({
  path: '/promotions',
  title: 'Promotions',
  icon: <CallMergeIcon fontSize="inherit" />,
  routeRef: rootRouteRef,
  permission: promotionsRequestReadPermission,
  loader: () =>
    import('./components/PromotionsPage').then(m => <m.PromotionsPage />),
});

/**
 * The "Promotions" card on agent and app pages of the catalog: versions
 * per environment and tenant with drift, open requests, the pipeline link.
 */
export const promotionsEntityCard = EntityCardBlueprint.make({
  name: 'promotions',
  params: {
    filter: { kind: { $in: ['agent', 'app'] } },
    loader: () =>
      import('./components/PromotionsCard').then(m => <m.PromotionsCard />),
  },
});

/**
 * The approver's home card, "Waiting for my decision": the requests the
 * user may approve, oldest first with their age, and what was decided
 * today. For those who hold the approve permission.
 */
export const waitingForMyDecisionCard = createHomeCard({
  name: 'waiting-for-my-decision',
  widgetName: 'PromotionsWaitingForMyDecision',
  title: 'Waiting for my decision',
  description:
    'Promotion requests you may approve, oldest first, and what was decided today',
  permission: promotionsRequestApprovePermission,
  order: 10,
  loader: () =>
    import('./home/WaitingForMyDecisionCard').then(m => (
      <m.WaitingForMyDecisionCard />
    )),
});

/**
 * The developer's home card, "My pending promotions": the user's requests
 * that are still open, with their status. For those who ask for promotions.
 */
export const myPendingPromotionsCard = createHomeCard({
  name: 'my-pending-promotions',
  widgetName: 'PromotionsMyPending',
  title: 'My pending promotions',
  description: 'Your promotion requests that are still open, with status',
  permission: promotionsRequestCreatePermission,
  order: 30,
  loader: () =>
    import('./home/MyPendingPromotionsCard').then(m => (
      <m.MyPendingPromotionsCard />
    )),
});

/** The promotions plugin: its page, its entity card and its API client. */
export default createFrontendPlugin({
  pluginId: 'promotions',
  title: 'Promotions',
  icon: <CallMergeIcon fontSize="inherit" />,
  extensions: [
    promotionsApi,
    promotionsPage,
    promotionsEntityCard,
    promotionSearchResultListItem,
    promotionSearchResultType,
    waitingForMyDecisionCard,
    myPendingPromotionsCard,
  ],
  routes: { root: rootRouteRef },
});

import {
  ApiBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import CallMergeIcon from '@material-ui/icons/CallMerge';
import {
  createDomainPage,
  pluginApiClientFactory,
} from '@controlplane/frontend-common';
import { promotionsRequestReadPermission } from '@controlplane/plugin-promotions-common';
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
  ],
  routes: { root: rootRouteRef },
});

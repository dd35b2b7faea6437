import CallMergeIcon from '@material-ui/icons/CallMerge';
import { createSearchResultExtensions } from '@controlplane/frontend-common';

/** How promotion requests show in the search results (documents of type `promotion`), and "Promotions" among the result types. */
export const {
  listItem: promotionSearchResultListItem,
  resultType: promotionSearchResultType,
} = createSearchResultExtensions({
  type: 'promotion',
  typeName: 'Promotions',
  icon: <CallMergeIcon />,
  loader: () =>
    import('./PromotionSearchResultListItem').then(
      m => m.PromotionSearchResultListItem,
    ),
});

import CallMergeIcon from '@material-ui/icons/CallMerge';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';

/** How promotion requests show in the search results (type `promotion`). */
export const promotionSearchResultListItem = SearchResultListItemBlueprint.make(
  {
    name: 'promotion',
    params: {
      predicate: result => result.type === 'promotion',
      component: () =>
        import('./PromotionSearchResultListItem').then(
          m => m.PromotionSearchResultListItem,
        ),
    },
  },
);

/** "Promotions" among the search page's result types. */
export const promotionSearchResultType = SearchFilterResultTypeBlueprint.make({
  name: 'promotion',
  params: { value: 'promotion', name: 'Promotions', icon: <CallMergeIcon /> },
});

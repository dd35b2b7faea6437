import FlagIcon from '@material-ui/icons/Flag';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';

/** How flag definitions show in the search results (documents of type `flag`). */
export const flagSearchResultListItem = SearchResultListItemBlueprint.make({
  name: 'flag',
  params: {
    predicate: result => result.type === 'flag',
    component: () =>
      import('./FlagSearchResultListItem').then(
        m => m.FlagSearchResultListItem,
      ),
  },
});

/** "Flags" among the search page's result types. */
export const flagSearchResultType = SearchFilterResultTypeBlueprint.make({
  name: 'flag',
  params: { value: 'flag', name: 'Flags', icon: <FlagIcon /> },
});

import AppsIcon from '@material-ui/icons/Apps';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';

/** How managed apps show in the search results (documents of type `app`). */
export const appSearchResultListItem = SearchResultListItemBlueprint.make({
  name: 'app',
  params: {
    predicate: result => result.type === 'app',
    component: () =>
      import('./AppSearchResultListItem').then(m => m.AppSearchResultListItem),
  },
});

/** "Apps" among the search page's result types. */
export const appSearchResultType = SearchFilterResultTypeBlueprint.make({
  name: 'app',
  params: { value: 'app', name: 'Apps', icon: <AppsIcon /> },
});

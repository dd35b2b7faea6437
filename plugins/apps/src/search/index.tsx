import AppsIcon from '@material-ui/icons/Apps';
import { createSearchResultExtensions } from '@controlplane/frontend-common';

/** How managed apps show in the search results (documents of type `app`), and "Apps" among the result types. */
export const {
  listItem: appSearchResultListItem,
  resultType: appSearchResultType,
} = createSearchResultExtensions({
  type: 'app',
  typeName: 'Apps',
  icon: <AppsIcon />,
  loader: () =>
    import('./AppSearchResultListItem').then(m => m.AppSearchResultListItem),
});

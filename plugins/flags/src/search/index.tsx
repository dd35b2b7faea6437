import FlagIcon from '@material-ui/icons/Flag';
import { createSearchResultExtensions } from '@controlplane/frontend-common';

/** How flag definitions show in the search results (documents of type `flag`), and "Flags" among the result types. */
export const {
  listItem: flagSearchResultListItem,
  resultType: flagSearchResultType,
} = createSearchResultExtensions({
  type: 'flag',
  typeName: 'Flags',
  icon: <FlagIcon />,
  loader: () =>
    import('./FlagSearchResultListItem').then(m => m.FlagSearchResultListItem),
});

import SecurityIcon from '@material-ui/icons/Security';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';

/** How RBAC roles show in the search results (documents of type `role`). */
export const roleSearchResultListItem = SearchResultListItemBlueprint.make({
  name: 'role',
  params: {
    predicate: result => result.type === 'role',
    component: () =>
      import('./RoleSearchResultListItem').then(
        m => m.RoleSearchResultListItem,
      ),
  },
});

/** "Roles" among the search page's result types. */
export const roleSearchResultType = SearchFilterResultTypeBlueprint.make({
  name: 'role',
  params: { value: 'role', name: 'Roles', icon: <SecurityIcon /> },
});

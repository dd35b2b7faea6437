import SecurityIcon from '@material-ui/icons/Security';
import { createSearchResultExtensions } from '@controlplane/frontend-common';

/** How RBAC roles show in the search results (documents of type `role`), and "Roles" among the result types. */
export const {
  listItem: roleSearchResultListItem,
  resultType: roleSearchResultType,
} = createSearchResultExtensions({
  type: 'role',
  typeName: 'Roles',
  icon: <SecurityIcon />,
  loader: () =>
    import('./RoleSearchResultListItem').then(m => m.RoleSearchResultListItem),
});

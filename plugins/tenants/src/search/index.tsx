import BusinessIcon from '@material-ui/icons/Business';
import { createSearchResultExtensions } from '@controlplane/frontend-common';

/** How tenants show in the search results (documents of type `tenant`), and "Tenants" among the result types. */
export const {
  listItem: tenantSearchResultListItem,
  resultType: tenantSearchResultType,
} = createSearchResultExtensions({
  type: 'tenant',
  typeName: 'Tenants',
  icon: <BusinessIcon />,
  loader: () =>
    import('./TenantSearchResultListItem').then(
      m => m.TenantSearchResultListItem,
    ),
});

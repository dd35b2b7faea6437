import BusinessIcon from '@material-ui/icons/Business';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';

/** How tenants show in the search results (documents of type `tenant`). */
export const tenantSearchResultListItem = SearchResultListItemBlueprint.make({
  name: 'tenant',
  params: {
    predicate: result => result.type === 'tenant',
    component: () =>
      import('./TenantSearchResultListItem').then(
        m => m.TenantSearchResultListItem,
      ),
  },
});

/** "Tenants" among the search page's result types. */
export const tenantSearchResultType = SearchFilterResultTypeBlueprint.make({
  name: 'tenant',
  params: { value: 'tenant', name: 'Tenants', icon: <BusinessIcon /> },
});

import { ReactElement } from 'react';
import {
  SearchResultItemExtensionComponent,
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';

/**
 * The two search extensions of a domain plugin's documents of one type: how
 * a result of the type shows in the result lists (the search page's and the
 * sidebar's), and the type among the search page's "Result Type" filters.
 * Both are named by the type, so the plugin's extension ids are
 * `search-result-list-item:<plugin>/<type>` and
 * `search-filter-result-type:<plugin>/<type>`.
 */
export function createSearchResultExtensions<TType extends string>(params: {
  /** The documents' type, as the collator writes it (`tenant`, `flag`...). */
  type: TType;
  /** The type's name among the result types, plural (`Tenants`). */
  typeName: string;
  icon: ReactElement;
  /** The result list item, loaded when a result of the type is shown. */
  loader: () => Promise<SearchResultItemExtensionComponent>;
}) {
  const { type, typeName, icon, loader } = params;
  return {
    listItem: SearchResultListItemBlueprint.make({
      name: type,
      params: {
        predicate: result => result.type === type,
        component: loader,
      },
    }),
    resultType: SearchFilterResultTypeBlueprint.make({
      name: type,
      params: { value: type, name: typeName, icon },
    }),
  };
}

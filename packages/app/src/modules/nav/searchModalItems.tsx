import { ReactElement, useMemo } from 'react';
import { appTreeApiRef, useApi } from '@backstage/frontend-plugin-api';
import { attachComponentData } from '@backstage/core-plugin-api';
import { SearchResultListItemBlueprint } from '@backstage/plugin-search-react/alpha';

/**
 * The component data by which the search modal's result list recognizes an
 * item component and its predicate (what `createSearchResultListItemExtension`
 * attaches).
 */
const RESULT_ITEM_DATA_KEY = 'search.results.list.items.extensions.v1';

/**
 * The search page's result list items (each plugin's
 * `SearchResultListItemBlueprint`: a tenant with its plan and status, a flag
 * with its lifecycle, ...) as elements the sidebar's search modal can take.
 * The modal of `@backstage/plugin-search` only takes such elements, so
 * without them the sidebar shows every result as plain title and text.
 */
export function useSearchModalResultItems(): ReactElement[] {
  const appTree = useApi(appTreeApiRef);
  return useMemo(() => {
    const { tree } = appTree.getTree();
    const itemNodes =
      tree.nodes.get('page:search')?.edges.attachments.get('items') ?? [];
    return itemNodes.flatMap(node => {
      const item = node.instance?.getData(
        SearchResultListItemBlueprint.dataRefs.item,
      );
      if (!item) return [];
      const Item = item.component;
      const ResultItem = (props: Parameters<typeof Item>[0]) => (
        <Item {...props} />
      );
      attachComponentData(
        ResultItem,
        RESULT_ITEM_DATA_KEY,
        item.predicate ?? (() => true),
      );
      return [<ResultItem key={node.spec.id} />];
    });
  }, [appTree]);
}

import { createExtensionTester } from '@backstage/frontend-test-utils';
import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import { createSearchResultExtensions } from './createSearchResultExtensions';

const { listItem, resultType } = createSearchResultExtensions({
  type: 'tenant',
  typeName: 'Tenants',
  icon: <span>icon</span>,
  loader: async () => () => <p>a tenant</p>,
});

const result = (type: string) => ({
  type,
  document: { title: 'Acme Corp', text: '', location: '/tenants/acme' },
});

describe('createSearchResultExtensions', () => {
  it('shows the results of its type with its item, and no others', () => {
    const item = createExtensionTester(listItem).get(
      SearchResultListItemBlueprint.dataRefs.item,
    );
    expect(item.predicate?.(result('tenant'))).toBe(true);
    expect(item.predicate?.(result('software-catalog'))).toBe(false);
  });

  it('adds the type among the result types, by its plural name', () => {
    expect(
      createExtensionTester(resultType).get(
        SearchFilterResultTypeBlueprint.dataRefs.resultType,
      ),
    ).toEqual(expect.objectContaining({ value: 'tenant', name: 'Tenants' }));
  });

  it("names both extensions by the type, within the plugin's namespace", () => {
    const plugin = createFrontendPlugin({
      pluginId: 'tenants',
      extensions: [listItem, resultType],
    });
    expect(
      plugin.getExtension('search-result-list-item:tenants/tenant'),
    ).toBeDefined();
    expect(
      plugin.getExtension('search-filter-result-type:tenants/tenant'),
    ).toBeDefined();
  });
});

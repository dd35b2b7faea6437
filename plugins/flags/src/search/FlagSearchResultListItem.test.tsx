import { screen } from '@testing-library/react';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import { renderWithApis } from '@controlplane/frontend-common/testUtils';
import { rootRouteRef } from '../routes';
import { flagSearchResultListItem, flagSearchResultType } from '.';
import {
  FlagSearchDocument,
  FlagSearchResultListItem,
} from './FlagSearchResultListItem';

const flag = (extra: Partial<FlagSearchDocument> = {}): FlagSearchDocument => ({
  title: 'checkout_v2',
  text: 'The new checkout. boolean flag, deprecated.',
  location: '/flags/checkout_v2',
  key: 'checkout_v2',
  flagType: 'boolean',
  lifecycle: 'deprecated',
  tags: [],
  killed: false,
  potentiallyStale: false,
  ...extra,
});

const renderItem = (document: FlagSearchDocument) =>
  renderWithApis(<FlagSearchResultListItem result={document} rank={1} />, {
    apis: [],
    mountedRoutes: { '/flags': rootRouteRef },
  });

describe('a flag among the search results', () => {
  it('shows its type and lifecycle and links to its page', async () => {
    await renderItem(flag());
    expect(screen.getByRole('link', { name: 'checkout_v2' })).toHaveAttribute(
      'href',
      '/flags/checkout_v2',
    );
    expect(screen.getByText('boolean')).toBeInTheDocument();
    expect(screen.getByText('deprecated')).toBeInTheDocument();
    expect(screen.queryByText('killed')).not.toBeInTheDocument();
    expect(screen.queryByText('potentially stale')).not.toBeInTheDocument();
  });

  it('marks a killed or potentially stale flag', async () => {
    await renderItem(flag({ killed: true, potentiallyStale: true }));
    expect(screen.getByText('killed')).toBeInTheDocument();
    expect(screen.getByText('potentially stale')).toBeInTheDocument();
  });

  it('renders the flag documents only, and is a result type of the search page', () => {
    const { predicate } = createExtensionTester(flagSearchResultListItem).get(
      SearchResultListItemBlueprint.dataRefs.item,
    );
    expect(predicate?.({ type: 'flag', document: flag() })).toBe(true);
    expect(predicate?.({ type: 'app', document: flag() })).toBe(false);
    expect(
      createExtensionTester(flagSearchResultType).get(
        SearchFilterResultTypeBlueprint.dataRefs.resultType,
      ),
    ).toMatchObject({ value: 'flag', name: 'Flags' });
  });
});

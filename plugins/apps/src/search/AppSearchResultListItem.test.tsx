import { screen } from '@testing-library/react';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import { renderWithApis } from '@controlplane/frontend-common/testUtils';
import { rootRouteRef } from '../routes';
import { appSearchResultListItem, appSearchResultType } from '.';
import {
  AppSearchDocument,
  AppSearchResultListItem,
} from './AppSearchResultListItem';

const ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

const billingSync: AppSearchDocument = {
  title: 'Billing sync',
  text: 'Reports billable usage events to the billing API.',
  location: `/apps/${ID}`,
  appId: ID,
  name: 'billing-sync',
  owner: 'group:default/team-apps',
  environment: 'production',
  status: 'disabled',
  tenants: ['acme', 'globex'],
};

describe('a managed app among the search results', () => {
  it('shows its owner by name, environment and status, and links to its page', async () => {
    await renderWithApis(
      <AppSearchResultListItem result={billingSync} rank={1} />,
      { apis: [], mountedRoutes: { '/managed-apps': rootRouteRef } },
    );
    expect(screen.getByRole('link', { name: 'Billing sync' })).toHaveAttribute(
      'href',
      `/managed-apps/${ID}`,
    );
    expect(screen.getByRole('link', { name: 'Apps team' })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-apps',
    );
    expect(screen.getByText('production')).toBeInTheDocument();
    expect(screen.getByText('disabled')).toBeInTheDocument();
  });

  it('renders the app documents only, and is a result type of the search page', () => {
    const { predicate } = createExtensionTester(appSearchResultListItem).get(
      SearchResultListItemBlueprint.dataRefs.item,
    );
    expect(predicate?.({ type: 'app', document: billingSync })).toBe(true);
    expect(predicate?.({ type: 'tenant', document: billingSync })).toBe(false);
    expect(
      createExtensionTester(appSearchResultType).get(
        SearchFilterResultTypeBlueprint.dataRefs.resultType,
      ),
    ).toMatchObject({ value: 'app', name: 'Apps' });
  });
});

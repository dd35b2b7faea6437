import { screen } from '@testing-library/react';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import { renderWithApis } from '@controlplane/frontend-common/testUtils';
import { rootRouteRef } from '../routes';
import { roleSearchResultListItem, roleSearchResultType } from '.';
import {
  RoleSearchDocument,
  RoleSearchResultListItem,
} from './RoleSearchResultListItem';

const orgOwner: RoleSearchDocument = {
  title: 'org-owner',
  text: 'Owns a customer organization: its tenants, billing and apps. Role with 11 grants and 1 member.',
  location: '/rbac/roles/org-owner',
  name: 'org-owner',
  description: 'Owns a customer organization: its tenants, billing and apps',
  grantCount: 11,
  memberCount: 1,
};

describe('a role among the search results', () => {
  it('shows its description and counts, and links to its page', async () => {
    await renderWithApis(
      <RoleSearchResultListItem result={orgOwner} rank={1} />,
      { apis: [], mountedRoutes: { '/access': rootRouteRef } },
    );
    expect(screen.getByRole('link', { name: 'org-owner' })).toHaveAttribute(
      'href',
      '/access/roles/org-owner',
    );
    expect(screen.getByText(orgOwner.text)).toBeInTheDocument();
    expect(screen.getByText('11 grants')).toBeInTheDocument();
    expect(screen.getByText('1 member')).toBeInTheDocument();
  });

  it('renders the role documents only, and is a result type of the search page', () => {
    const { predicate } = createExtensionTester(roleSearchResultListItem).get(
      SearchResultListItemBlueprint.dataRefs.item,
    );
    expect(predicate?.({ type: 'role', document: orgOwner })).toBe(true);
    expect(predicate?.({ type: 'tenant', document: orgOwner })).toBe(false);
    expect(
      createExtensionTester(roleSearchResultType).get(
        SearchFilterResultTypeBlueprint.dataRefs.resultType,
      ),
    ).toMatchObject({ value: 'role', name: 'Roles' });
  });
});

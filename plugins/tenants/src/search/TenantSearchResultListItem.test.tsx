import { screen } from '@testing-library/react';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import { renderWithApis } from '@controlplane/frontend-common/testUtils';
import { rootRouteRef } from '../routes';
import { tenantSearchResultListItem, tenantSearchResultType } from '.';
import {
  TenantSearchDocument,
  TenantSearchResultListItem,
} from './TenantSearchResultListItem';

const initech: TenantSearchDocument = {
  title: 'Initech',
  text: 'Tenant initech (initech.example): starter plan, suspended.',
  location: '/tenants/initech',
  name: 'initech',
  displayName: 'Initech',
  domain: 'initech.example',
  plan: 'starter',
  status: 'suspended',
};

const renderItem = (mountPath: string) =>
  renderWithApis(<TenantSearchResultListItem result={initech} rank={1} />, {
    apis: [],
    mountedRoutes: { [mountPath]: rootRouteRef },
  });

describe('a tenant among the search results', () => {
  it('shows its plan and status and links to its page', async () => {
    await renderItem('/tenants');
    expect(screen.getByRole('link', { name: 'Initech' })).toHaveAttribute(
      'href',
      '/tenants/initech',
    );
    expect(screen.getByText(initech.text)).toBeInTheDocument();
    expect(screen.getByText('starter plan')).toBeInTheDocument();
    expect(screen.getByText('suspended')).toBeInTheDocument();
  });

  it('links to the tenants page where the portal mounts it', async () => {
    await renderItem('/customers');
    expect(screen.getByRole('link', { name: 'Initech' })).toHaveAttribute(
      'href',
      '/customers/initech',
    );
  });

  it('renders the tenant documents only, and is a result type of the search page', () => {
    const { predicate } = createExtensionTester(tenantSearchResultListItem).get(
      SearchResultListItemBlueprint.dataRefs.item,
    );
    expect(predicate?.({ type: 'tenant', document: initech })).toBe(true);
    expect(predicate?.({ type: 'software-catalog', document: initech })).toBe(
      false,
    );
    expect(
      createExtensionTester(tenantSearchResultType).get(
        SearchFilterResultTypeBlueprint.dataRefs.resultType,
      ),
    ).toMatchObject({ value: 'tenant', name: 'Tenants' });
  });
});

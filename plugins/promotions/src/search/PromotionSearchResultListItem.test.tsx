import { screen } from '@testing-library/react';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import { renderWithApis } from '@controlplane/frontend-common/testUtils';
import { rootRouteRef } from '../routes';
import { promotionSearchResultListItem, promotionSearchResultType } from '.';
import {
  PromotionSearchDocument,
  PromotionSearchResultListItem,
} from './PromotionSearchResultListItem';

const ID = '0b6a1c7e-3f1d-4b5e-9a41-2f4f0b9d8c11';

const request: PromotionSearchDocument = {
  title: 'Promotion of agent:default/support-triage 1.4.2 to production',
  text: 'Promotion of agent:default/support-triage 1.4.2 from staging to production for acme: requested.',
  location: `/promotions/requests/${ID}`,
  requestId: ID,
  requestKind: 'promotion',
  target: 'agent:default/support-triage',
  tenant: 'acme',
  sourceEnvironment: 'staging',
  targetEnvironment: 'production',
  version: '1.4.2',
  status: 'requested',
  requestedBy: 'user:default/devon',
};

describe('a promotion request among the search results', () => {
  it('shows its status, environments and tenant, and links to its page', async () => {
    await renderWithApis(
      <PromotionSearchResultListItem result={request} rank={1} />,
      { apis: [], mountedRoutes: { '/promotions': rootRouteRef } },
    );
    expect(screen.getByRole('link', { name: request.title })).toHaveAttribute(
      'href',
      `/promotions/requests/${ID}`,
    );
    expect(screen.getByText('requested')).toBeInTheDocument();
    expect(screen.getByText('staging → production')).toBeInTheDocument();
    expect(screen.getByText('acme')).toBeInTheDocument();
  });

  it('renders the promotion documents only, and is a result type of the search page', () => {
    const { predicate } = createExtensionTester(
      promotionSearchResultListItem,
    ).get(SearchResultListItemBlueprint.dataRefs.item);
    expect(predicate?.({ type: 'promotion', document: request })).toBe(true);
    expect(predicate?.({ type: 'incident', document: request })).toBe(false);
    expect(
      createExtensionTester(promotionSearchResultType).get(
        SearchFilterResultTypeBlueprint.dataRefs.resultType,
      ),
    ).toMatchObject({ value: 'promotion', name: 'Promotions' });
  });
});

import { screen } from '@testing-library/react';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import { renderWithApis } from '@controlplane/frontend-common/testUtils';
import { rootRouteRef } from '../routes';
import { incidentSearchResultListItem, incidentSearchResultType } from '.';
import {
  IncidentSearchDocument,
  IncidentSearchResultListItem,
} from './IncidentSearchResultListItem';

const ID = '5d0c2b9a-8e7f-4a6b-9c3d-1e2f3a4b5c6d';

const incident = (
  extra: Partial<IncidentSearchDocument> = {},
): IncidentSearchDocument => ({
  title: 'Checkout answers slowly',
  text: 'SEV1 performance incident, in progress, tenant acme.',
  location: `/incidents/${ID}`,
  incidentId: ID,
  severity: 'SEV1',
  priority: 'critical',
  category: 'performance',
  status: 'in_progress',
  tenant: 'acme',
  ...extra,
});

const renderItem = (document: IncidentSearchDocument) =>
  renderWithApis(<IncidentSearchResultListItem result={document} rank={1} />, {
    apis: [],
    mountedRoutes: { '/incidents': rootRouteRef },
  });

describe('an incident among the search results', () => {
  it('shows its severity, status and tenant, and links to its page', async () => {
    await renderItem(incident());
    expect(
      screen.getByRole('link', { name: 'Checkout answers slowly' }),
    ).toHaveAttribute('href', `/incidents/${ID}`);
    expect(screen.getByText('SEV1')).toBeInTheDocument();
    expect(screen.getByText('in progress')).toBeInTheDocument();
    expect(screen.getByText('acme')).toBeInTheDocument();
  });

  it("names the platform for the platform's own incidents", async () => {
    await renderItem(incident({ tenant: undefined, status: 'open' }));
    expect(screen.getByText('platform')).toBeInTheDocument();
    expect(screen.getByText('open')).toBeInTheDocument();
  });

  it('renders the incident documents only, and is a result type of the search page', () => {
    const { predicate } = createExtensionTester(
      incidentSearchResultListItem,
    ).get(SearchResultListItemBlueprint.dataRefs.item);
    expect(predicate?.({ type: 'incident', document: incident() })).toBe(true);
    expect(predicate?.({ type: 'flag', document: incident() })).toBe(false);
    expect(
      createExtensionTester(incidentSearchResultType).get(
        SearchFilterResultTypeBlueprint.dataRefs.resultType,
      ),
    ).toMatchObject({ value: 'incident', name: 'Incidents' });
  });
});

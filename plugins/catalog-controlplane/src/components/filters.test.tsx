import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  catalogApiMock,
  MockEntityListContextProvider,
} from '@backstage/plugin-catalog-react/testUtils';
import { EntityKindFilter } from '@backstage/plugin-catalog-react';
import {
  ControlPlaneFilters,
  EnvironmentFilter,
  EnvironmentPicker,
  TenantFilter,
  TenantPicker,
} from './filters';
import { agent, deployment } from '../testEntities';

describe('EnvironmentFilter and TenantFilter', () => {
  it('filter the catalog on the spec field of the deployment', () => {
    const environment = new EnvironmentFilter(['staging', 'production']);
    expect(environment.getCatalogFilters()).toEqual({
      'spec.environment': ['staging', 'production'],
    });
    expect(environment.toQueryValue()).toEqual(['staging', 'production']);

    const tenant = new TenantFilter(['tenant:acme']);
    expect(tenant.getCatalogFilters()).toEqual({
      'spec.tenant': ['tenant:acme'],
    });
    expect(tenant.toQueryValue()).toEqual(['tenant:acme']);
  });
});

const entities = [
  agent('support-triage'),
  deployment('support-triage-acme-dev', { environment: 'development' }),
  deployment('support-triage-acme-prod', { environment: 'production' }),
  deployment('support-triage-globex-prod', {
    environment: 'production',
    tenant: 'tenant:globex',
  }),
];

const renderPicker = (
  picker: JSX.Element,
  options: { kind: string; queryParameters?: Record<string, string[]> },
) => {
  const updateFilters = jest.fn();
  renderInTestApp(
    <MockEntityListContextProvider<ControlPlaneFilters>
      value={{
        filters: { kind: new EntityKindFilter(options.kind, options.kind) },
        queryParameters: options.queryParameters,
        updateFilters,
      }}
    >
      <p>catalog filters</p>
      {picker}
    </MockEntityListContextProvider>,
    { apis: [catalogApiMock({ entities })] },
  );
  return { updateFilters };
};

const lastUpdate = (updateFilters: jest.Mock) =>
  updateFilters.mock.calls[updateFilters.mock.calls.length - 1][0];

const openPicker = async (name: string) =>
  fireEvent.click(await screen.findByTestId(`${name}-picker-expand`));

describe('EnvironmentPicker', () => {
  it('offers the environments of the listed deployments with counts and filters on the chosen one', async () => {
    const { updateFilters } = renderPicker(<EnvironmentPicker />, {
      kind: 'deployment',
    });

    expect(await screen.findByText('Environment')).toBeInTheDocument();
    await openPicker('environment');
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'development (1)',
      'production (2)',
    ]);

    fireEvent.click(screen.getByRole('option', { name: 'production (2)' }));

    await waitFor(() =>
      expect(lastUpdate(updateFilters).environment).toBeInstanceOf(
        EnvironmentFilter,
      ),
    );
    expect(lastUpdate(updateFilters).environment.getCatalogFilters()).toEqual({
      'spec.environment': ['production'],
    });
  });

  it('picks up the environment from the URL, as linked from the home page', async () => {
    const { updateFilters } = renderPicker(<EnvironmentPicker />, {
      kind: 'deployment',
      queryParameters: { environment: ['development'] },
    });

    await waitFor(() =>
      expect(
        lastUpdate(updateFilters).environment?.getCatalogFilters(),
      ).toEqual({ 'spec.environment': ['development'] }),
    );
  });

  it('is hidden when the listed kind has no environments', async () => {
    const { updateFilters } = renderPicker(<EnvironmentPicker />, {
      kind: 'agent',
    });

    expect(await screen.findByText('catalog filters')).toBeInTheDocument();
    await waitFor(() => expect(updateFilters).toHaveBeenCalled());
    expect(screen.queryByText('Environment')).not.toBeInTheDocument();
    expect(lastUpdate(updateFilters).environment).toBeUndefined();
  });
});

describe('TenantPicker', () => {
  it('shows chosen tenants by name and filters on their refs', async () => {
    const { updateFilters } = renderPicker(<TenantPicker />, {
      kind: 'deployment',
    });

    expect(await screen.findByText('Tenant')).toBeInTheDocument();
    await openPicker('tenant');
    fireEvent.click(screen.getByRole('option', { name: /globex/ }));

    await waitFor(() =>
      expect(lastUpdate(updateFilters).tenant?.getCatalogFilters()).toEqual({
        'spec.tenant': ['tenant:globex'],
      }),
    );
    // The chip of the chosen tenant drops the kind prefix.
    expect(screen.getByRole('button', { name: 'globex' })).toBeInTheDocument();
  });
});

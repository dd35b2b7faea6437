import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { Entity } from '@backstage/catalog-model';
import {
  RELATION_HAS_DEPLOYMENT,
  RELATION_SERVED_BY,
} from '@controlplane/plugin-catalog-controlplane-common';
import { DeploymentsCard } from './DeploymentsCard';
import { agent, deployment, tenant } from '../testEntities';

const deployments = [
  deployment('support-triage-acme-stg', {
    environment: 'staging',
    version: '1.4.2',
    tenant: 'tenant:acme',
  }),
  deployment('support-triage-globex-prod', {
    environment: 'production',
    version: '1.4.1',
    tenant: 'globex',
  }),
  // Not related to the agent below: must not show up.
  deployment('invoice-extractor-acme-prod', {
    target: 'agent:invoice-extractor',
    version: '0.9.0',
  }),
];

const renderCard = (
  entity: Entity,
  relationType: string,
  entities: Entity[] = deployments,
) =>
  renderInTestApp(
    <EntityProvider entity={entity}>
      <DeploymentsCard relationType={relationType} />
    </EntityProvider>,
    {
      apis: [catalogApiMock({ entities: [entity, ...entities] })],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );

const rowOf = async (deploymentName: string) =>
  (await screen.findByRole('link', { name: deploymentName })).closest('tr')!;

describe('DeploymentsCard', () => {
  it('lists the deployments of an agent with environment, version and tenant', async () => {
    renderCard(
      agent('support-triage', [
        'support-triage-acme-stg',
        'support-triage-globex-prod',
      ]),
      RELATION_HAS_DEPLOYMENT,
    );

    const staging = await rowOf('support-triage-acme-stg');
    expect(
      within(staging).getByRole('link', { name: 'support-triage-acme-stg' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/deployment/support-triage-acme-stg',
    );
    expect(within(staging).getByText('staging')).toBeInTheDocument();
    expect(within(staging).getByText('1.4.2')).toBeInTheDocument();
    expect(within(staging).getByRole('link', { name: 'acme' })).toHaveAttribute(
      'href',
      '/catalog/default/tenant/acme',
    );

    const production = await rowOf('support-triage-globex-prod');
    expect(within(production).getByText('production')).toBeInTheDocument();
    expect(within(production).getByText('1.4.1')).toBeInTheDocument();
    expect(
      within(production).getByRole('link', { name: 'globex' }),
    ).toHaveAttribute('href', '/catalog/default/tenant/globex');

    // One row per related deployment, plus the header row.
    const table = staging.closest('table')!;
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(
      screen.queryByRole('link', { name: 'invoice-extractor-acme-prod' }),
    ).not.toBeInTheDocument();
  });

  it('lists the deployments serving a tenant', async () => {
    renderCard(
      tenant('acme', [
        'support-triage-acme-stg',
        'invoice-extractor-acme-prod',
      ]),
      RELATION_SERVED_BY,
    );

    const row = await rowOf('invoice-extractor-acme-prod');
    expect(
      within(row).getByRole('link', { name: 'invoice-extractor' }),
    ).toHaveAttribute('href', '/catalog/default/agent/invoice-extractor');
    expect(within(row).getByText('0.9.0')).toBeInTheDocument();
    expect(await rowOf('support-triage-acme-stg')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'support-triage-globex-prod' }),
    ).not.toBeInTheDocument();
  });

  it('says so when there are no deployments yet', async () => {
    renderCard(agent('sales-assistant'), RELATION_HAS_DEPLOYMENT);

    expect(await screen.findByText('No deployments yet')).toBeInTheDocument();
    expect(screen.getByText('Deployments')).toBeInTheDocument();
  });
});

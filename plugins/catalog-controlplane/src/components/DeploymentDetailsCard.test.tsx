import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import { DeploymentDetailsCard } from './DeploymentDetailsCard';
import { component, deployment } from '../testEntities';

const renderCard = (entity: Entity) =>
  renderInTestApp(
    <EntityProvider entity={entity}>
      <h1>{entity.metadata.name}</h1>
      <DeploymentDetailsCard />
    </EntityProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );

const row = (name: RegExp) => screen.getByRole('row', { name });

describe('DeploymentDetailsCard', () => {
  it('shows what a deployment runs, where, at which version and for whom', async () => {
    renderCard(
      deployment('support-triage-acme-stg', {
        target: 'agent:support-triage',
        environment: 'staging',
        version: '1.4.2',
        tenant: 'tenant:acme',
      }),
    );

    expect(await screen.findByText('Deployment')).toBeInTheDocument();

    expect(
      within(row(/^Runs/)).getByRole('link', { name: 'support-triage' }),
    ).toHaveAttribute('href', '/catalog/default/agent/support-triage');
    expect(
      within(row(/^Environment/)).getByText('staging'),
    ).toBeInTheDocument();
    expect(within(row(/^Version/)).getByText('1.4.2')).toBeInTheDocument();
    expect(
      within(row(/^Tenant/)).getByRole('link', { name: 'acme' }),
    ).toHaveAttribute('href', '/catalog/default/tenant/acme');
  });

  it('links a tenant given by bare name to the tenant entity', async () => {
    renderCard(deployment('billing-sync-globex-dev', { tenant: 'globex' }));

    expect(await screen.findByRole('link', { name: 'globex' })).toHaveAttribute(
      'href',
      '/catalog/default/tenant/globex',
    );
  });

  it('resolves refs in the namespace of the deployment, like the catalog does', async () => {
    const inTenantNamespace = deployment('crm-connector-acme-prod', {
      target: 'app:crm-connector',
      tenant: 'acme',
    });
    inTenantNamespace.metadata.namespace = 'acme';
    renderCard(inTenantNamespace);

    expect(await screen.findByText('Deployment')).toBeInTheDocument();
    expect(within(row(/^Runs/)).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/acme/app/crm-connector',
    );
    expect(within(row(/^Tenant/)).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/acme/tenant/acme',
    );
  });

  it('renders nothing for an entity that is not a deployment', async () => {
    renderCard(component);

    expect(
      await screen.findByRole('heading', { name: 'website' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Deployment')).not.toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});

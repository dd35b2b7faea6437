import { screen } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  catalogApiMock,
  createTestEntityPage,
} from '@backstage/plugin-catalog-react/testUtils';
import { catalogModuleControlPlane } from './catalogModule';
import { agent, component, deployment, tenant } from './testEntities';

const deployments = [
  deployment('support-triage-acme-prod', { tenant: 'tenant:acme' }),
  deployment('support-triage-globex-prod', { tenant: 'tenant:globex' }),
];

// Stands in for the catalog plugin: the module only installs next to it.
const catalogPlugin = createFrontendPlugin({ pluginId: 'catalog' });

const renderEntityPage = (entity: Entity) =>
  renderTestApp({
    features: [catalogPlugin, catalogModuleControlPlane],
    extensions: [createTestEntityPage({ entity })],
    apis: [catalogApiMock({ entities: [entity, ...deployments] })],
  });

describe('catalogModuleControlPlane', () => {
  // The cards are lazy: loaded (and, on a fresh checkout, transformed for
  // the first time) while a test waits for their text. Loading them first
  // keeps that work out of the tests' waits.
  beforeAll(async () => {
    await Promise.all([
      import('./components/DeploymentsCard'),
      import('./components/DeploymentDetailsCard'),
      import('./components/filters'),
    ]);
  });

  it('puts the deployment details on deployment pages', async () => {
    renderEntityPage(deployments[0]);

    expect(await screen.findByText('Deployment')).toBeInTheDocument();
    expect(screen.getByText('1.4.1')).toBeInTheDocument();
    expect(screen.queryByText('Deployments')).not.toBeInTheDocument();
  });

  it('puts the deployments on agent pages', async () => {
    renderEntityPage(
      agent('support-triage', [
        'support-triage-acme-prod',
        'support-triage-globex-prod',
      ]),
    );

    expect(await screen.findByText('Deployments')).toBeInTheDocument();
    expect(
      await screen.findByText('support-triage-globex-prod'),
    ).toBeInTheDocument();
    expect(screen.getByText('support-triage-acme-prod')).toBeInTheDocument();
  });

  it('puts the deployments serving a tenant on tenant pages', async () => {
    renderEntityPage(tenant('acme', ['support-triage-acme-prod']));

    expect(
      await screen.findByText('support-triage-acme-prod'),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('support-triage-globex-prod'),
    ).not.toBeInTheDocument();
  });

  it('adds nothing to the pages of other kinds', async () => {
    renderEntityPage(component);

    expect(await screen.findByTestId('empty-entity-page')).toBeInTheDocument();
  });
});

import { screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { homeCardPlacementDataRef } from '@controlplane/frontend-common';
import { myDeploymentsCard } from '../catalogModule';
import { agent, deployment } from '../testEntities';
import { MyDeploymentsCard, SHOWN } from './MyDeploymentsCard';

const DEVON = ['user:default/devon', 'group:default/team-agents'];

/** The entity as the catalog serves it, owned by `owner`. */
const ownedBy = <T extends Entity>(entity: T, owner: string): T => ({
  ...entity,
  relations: [
    ...(entity.relations ?? []),
    { type: 'ownedBy', targetRef: owner },
  ],
});

const app = (name: string): Entity => ({
  apiVersion: 'controlplane.io/v1alpha1',
  kind: 'App',
  metadata: { name, namespace: 'default', title: `The ${name} app` },
  spec: { type: 'service', owner: 'user:devon', lifecycle: 'production' },
});

const estate: Entity[] = [
  ownedBy(agent('support-triage'), 'group:default/team-agents'),
  deployment('support-triage-acme-stg', {
    environment: 'staging',
    version: '1.4.2',
    tenant: 'tenant:acme',
  }),
  deployment('support-triage-acme-prod', { version: '1.4.1' }),
  deployment('support-triage-globex-prod', {
    version: '1.4.1',
    tenant: 'globex',
  }),
  ownedBy(app('usage-reporter'), 'user:default/devon'),
  // Another team's agent and its deployment.
  ownedBy(agent('invoice-extractor'), 'group:default/team-apps'),
  deployment('invoice-extractor-acme-prod', {
    target: 'agent:invoice-extractor',
    version: '0.9.0',
  }),
];

const render = (
  entities: Entity[],
  ownership = DEVON,
  catalogApi = catalogApiMock({ entities }),
) =>
  renderInTestApp(<MyDeploymentsCard />, {
    apis: [
      catalogApi,
      mockApis.identity({
        userEntityRef: ownership[0],
        ownershipEntityRefs: ownership,
      }),
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });

describe('the "My deployments" home card', () => {
  it("lists the user's agents and apps with their deployments per environment, linked to their pages", async () => {
    render(estate);

    const triage = await screen.findByRole('link', { name: 'support-triage' });
    expect(triage).toHaveAttribute(
      'href',
      '/catalog/default/agent/support-triage',
    );
    const item = triage.closest('li')!;
    // In promotion order, each tenant and version on its deployment's page.
    expect(item).toHaveTextContent(
      'Agent · staging: acme 1.4.2 · production: acme 1.4.1, globex 1.4.1',
    );
    expect(
      within(item).getByRole('link', { name: 'acme 1.4.2' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/deployment/support-triage-acme-stg',
    );
    expect(
      within(item).getByRole('link', { name: 'globex 1.4.1' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/deployment/support-triage-globex-prod',
    );

    const reporter = screen.getByRole('link', {
      name: 'The usage-reporter app',
    });
    expect(reporter).toHaveAttribute(
      'href',
      '/catalog/default/app/usage-reporter',
    );
    expect(reporter.closest('li')).toHaveTextContent('App · not deployed');

    expect(screen.queryByText(/invoice-extractor/)).toBeNull();
    expect(screen.queryByText(/0\.9\.0/)).toBeNull();
    expect(screen.getByRole('link', { name: 'My agents' })).toHaveAttribute(
      'href',
      '/catalog?filters[kind]=agent&filters[user]=owned',
    );
  });

  it('asks the catalog twice, however many agents and apps there are', async () => {
    const catalogApi = catalogApiMock({ entities: estate });
    const query = jest.spyOn(catalogApi, 'queryEntities');
    const get = jest.spyOn(catalogApi, 'getEntities');
    render(estate, DEVON, catalogApi);
    await screen.findByRole('link', { name: 'support-triage' });
    expect(query).toHaveBeenCalledTimes(1);
    expect(get).toHaveBeenCalledTimes(1);
    expect(get.mock.calls[0][0]?.filter).toEqual({
      kind: 'Deployment',
      'relations.deploymentOf': [
        'agent:default/support-triage',
        'app:default/usage-reporter',
      ],
    });
  });

  it(`shows the first ${SHOWN} and says how many there are`, async () => {
    const many = Array.from({ length: SHOWN + 2 }, (_, i) =>
      ownedBy(agent(`agent-${i}`), 'group:default/team-agents'),
    );
    render(many);
    expect(
      await screen.findByText(`${SHOWN} of ${SHOWN + 2} shown.`),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('listitem')).toHaveLength(SHOWN);
  });

  it('says so when the user owns no agent or app', async () => {
    render(estate, ['user:default/audrey']);
    expect(
      await screen.findByText('You and your groups own no agents or apps.'),
    ).toBeInTheDocument();
  });

  it("shows the catalog's error", async () => {
    const catalogApi = catalogApiMock({ entities: estate });
    jest
      .spyOn(catalogApi, 'queryEntities')
      .mockRejectedValue(new Error('catalog unavailable'));
    render(estate, DEVON, catalogApi);
    expect(
      (await screen.findAllByText(/catalog unavailable/)).length,
    ).toBeGreaterThan(0);
  });

  it('is a home card for readers of the catalog, among the summaries', () => {
    const placement = createExtensionTester(myDeploymentsCard).get(
      homeCardPlacementDataRef,
    );
    expect(placement.permissions).toEqual(['catalog.entity.read']);
    expect(placement.order).toBeGreaterThanOrEqual(200);
  });
});

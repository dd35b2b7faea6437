import { screen, waitFor, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { promotionsRequestCreatePermission } from '@controlplane/plugin-promotions-common';
import {
  fakePromotionsBackend,
  promotionRequest,
  renderPromotions,
} from '../__testUtils__';
import { PromotionsCard } from './PromotionsCard';

jest.setTimeout(30_000);

const supportTriage: Entity = {
  apiVersion: 'controlplane.io/v1alpha1',
  kind: 'Agent',
  metadata: { name: 'support-triage', namespace: 'default' },
  spec: {},
};

const renderCard = (
  backend: ReturnType<typeof fakePromotionsBackend>,
  held?: string[],
) =>
  renderPromotions(
    <EntityProvider entity={supportTriage}>
      <PromotionsCard />
    </EntityProvider>,
    { backend, held },
  );

describe('the Promotions card', () => {
  it('shows the versions with drift, the open requests and the pipeline link', async () => {
    const pending = promotionRequest({ version: '1.4.2' });
    const backend = fakePromotionsBackend({
      requests: [
        pending,
        promotionRequest({ version: '1.4.0', status: 'applied' }),
      ],
    });
    await renderCard(backend);

    const grid = await screen.findByRole('table', {
      name: 'Versions per tenant and environment',
    });
    const production = await within(grid).findByLabelText('acme production');
    expect(production).toHaveTextContent('1.4.1');
    expect(production).toHaveTextContent('drifted: runs 1.3.9');
    expect(within(grid).getByLabelText('globex production')).toHaveTextContent(
      'silent',
    );
    const open = screen.getByRole('list', { name: 'Open requests' });
    expect(
      await within(open).findByRole('link', {
        name: '1.4.2 for acme: staging → production',
      }),
    ).toHaveAttribute('href', `/promotions/requests/${pending.id}`);
    expect(within(open).queryByText(/1\.4\.0/)).toBeNull();
    expect(
      screen.getByRole('link', { name: /Open the pipeline/ }),
    ).toHaveAttribute(
      'href',
      '/promotions/pipeline?target=agent%3Adefault%2Fsupport-triage',
    );
    expect(
      backend.requestsTo('GET', '/deployments')[0].query.get('target'),
    ).toBe('agent:default/support-triage');
  });

  it('shows nothing and fetches nothing without promotions.request.read', async () => {
    const backend = fakePromotionsBackend();
    const { access } = await renderCard(backend, [
      promotionsRequestCreatePermission.name,
    ]);
    await waitFor(() => expect(access.reach).toHaveBeenCalled());
    // The answer arrives in a later task: wait for it.
    await access.reach.mock.results[0].value;
    expect(screen.queryByText('Promotions')).toBeNull();
    expect(backend.requests).toHaveLength(0);
  });
});

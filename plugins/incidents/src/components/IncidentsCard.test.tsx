import { screen, waitFor, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  fakeIncidentsBackend,
  incident,
  renderIncidents,
} from '../__testUtils__';
import { IncidentsCard } from './IncidentsCard';

jest.setTimeout(30_000);

const supportTriage: Entity = {
  apiVersion: 'controlplane.io/v1alpha1',
  kind: 'Agent',
  metadata: { name: 'support-triage', namespace: 'default' },
  spec: {},
};

const renderCard = (
  backend: ReturnType<typeof fakeIncidentsBackend>,
  held?: string[],
) =>
  renderIncidents(
    <EntityProvider entity={supportTriage}>
      <IncidentsCard />
    </EntityProvider>,
    { backend, held },
  );

describe('the Incidents card', () => {
  it('lists the open incidents affecting the entity and links to the queue filtered by it', async () => {
    const open = incident({ severity: 'SEV1', assignee: 'user:default/sam' });
    const backend = fakeIncidentsBackend({
      incidents: [
        open,
        incident({ title: 'Fixed', status: 'resolved' }),
        incident({ title: 'Elsewhere', entities: ['app:default/other'] }),
      ],
    });
    await renderCard(backend);

    const list = await screen.findByRole('list', { name: 'Open incidents' });
    const item = await within(list).findByRole('listitem');
    expect(item).toHaveTextContent('SEV1');
    expect(item).toHaveTextContent('opened 3 h ago');
    expect(
      within(item).getByRole('link', { name: 'Sam Support' }),
    ).toHaveAttribute('href', '/catalog/default/user/sam');
    expect(
      within(item).getByRole('link', { name: open.title }),
    ).toHaveAttribute('href', `/incidents/${open.id}`);
    expect(
      screen.getByRole('link', { name: /All incidents affecting it/ }),
    ).toHaveAttribute(
      'href',
      '/incidents/queue?entity=agent%3Adefault%2Fsupport-triage',
    );
    expect(backend.requestsTo('GET', '/incidents')[0].query.get('entity')).toBe(
      'agent:default/support-triage',
    );
  });

  it('says so when none is open', async () => {
    await renderCard(fakeIncidentsBackend());
    expect(
      await screen.findByText('No open incidents affect it'),
    ).toBeInTheDocument();
  });

  it('is hidden, and asks nothing, without incidents.incident.read', async () => {
    const backend = fakeIncidentsBackend({ incidents: [incident()] });
    const { access } = await renderCard(backend, []);
    await waitFor(() => expect(access.reach).toHaveBeenCalled());
    expect(screen.queryByText('Incidents')).toBeNull();
    expect(backend.requests).toHaveLength(0);
  });
});

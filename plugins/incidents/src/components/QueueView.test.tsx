import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  incidentsIncidentCreatePermission,
  incidentsIncidentReadPermission,
} from '@controlplane/plugin-incidents-common';
import {
  errorResponse,
  fakeIncidentsBackend,
  hoursAgo,
  incident,
  ME,
  renderIncidents,
} from '../__testUtils__';
import { IncidentsPage } from './IncidentsPage';

jest.setTimeout(30_000);

const renderQueue = (
  backend = fakeIncidentsBackend(),
  held?: string[],
  path = '/incidents',
) =>
  renderIncidents(<IncidentsPage />, {
    backend,
    held,
    path,
    mountPath: '/incidents/*',
  });

/** The query of the last GET /incidents. */
const lastQuery = (backend: ReturnType<typeof fakeIncidentsBackend>) =>
  Object.fromEntries(backend.requestsTo('GET', '/incidents').at(-1)!.query);

describe('the queue', () => {
  it('lists the open incidents with age, severity apart from priority, tenant and assignee', async () => {
    const slow = incident({ openedAt: hoursAgo(27) });
    const breach = incident({
      title: 'Leaked credential of billing-sync',
      severity: 'SEV1',
      priority: 'critical',
      category: 'security',
      tenant: null,
      status: 'in_progress',
      assignee: 'user:default/sam',
      openedAt: hoursAgo(1),
    });
    const done = incident({ title: 'Old one', status: 'resolved' });
    const backend = fakeIncidentsBackend({ incidents: [slow, breach, done] });
    await renderQueue(backend);

    const table = await screen.findByRole('table', { name: 'Incidents' });
    const slowRow = (await within(table).findByText(slow.title)).closest('tr')!;
    expect(slowRow).toHaveTextContent('1 d');
    expect(slowRow).toHaveTextContent('SEV2');
    expect(slowRow).toHaveTextContent('High');
    expect(slowRow).toHaveTextContent('performance');
    expect(slowRow).toHaveTextContent('acme');
    expect(slowRow).toHaveTextContent('unassigned');
    const breachRow = within(table).getByText(breach.title).closest('tr')!;
    expect(breachRow).toHaveTextContent('1 h');
    expect(breachRow).toHaveTextContent('SEV1');
    expect(breachRow).toHaveTextContent('Critical');
    expect(breachRow).toHaveTextContent('in progress');
    expect(breachRow).toHaveTextContent('platform');
    expect(
      within(breachRow).getByRole('link', { name: 'Sam Support' }),
    ).toHaveAttribute('href', '/catalog/default/user/sam');
    expect(within(table).queryByText('Old one')).toBeNull();
    expect(
      within(slowRow).getByRole('link', { name: `Incident ${slow.title}` }),
    ).toHaveAttribute('href', `/incidents/${slow.id}`);
    expect(lastQuery(backend)).toEqual({
      status: 'open,in_progress',
      limit: '25',
    });
    expect(await screen.findByLabelText('Open incidents')).toHaveTextContent(
      '2 open (SEV1 1 · SEV2 1 · SEV3 0 · SEV4 0); the oldest opened 1 d ago',
    );
  });

  it('filters by status, severity, category, tenant and assignee', async () => {
    const mine = incident({
      title: 'Mine',
      severity: 'SEV3',
      category: 'billing',
      tenant: 'globex',
      assignee: ME,
    });
    const backend = fakeIncidentsBackend({
      incidents: [
        incident(),
        mine,
        incident({ title: 'Closed', status: 'closed' }),
      ],
    });
    await renderQueue(backend);
    const table = await screen.findByRole('table', { name: 'Incidents' });
    await within(table).findByText('Mine');

    await userEvent.click(
      screen.getByRole('button', { name: 'Status closed' }),
    );
    expect(await within(table).findByText('Closed')).toBeInTheDocument();
    expect(lastQuery(backend).status).toBe('closed');
    await userEvent.click(
      screen.getByRole('button', { name: 'Status closed' }),
    );
    await within(table).findByText('Mine');

    await userEvent.click(
      screen.getByRole('button', { name: 'Severity SEV3' }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Category billing' }),
    );
    await waitFor(() =>
      expect(lastQuery(backend)).toMatchObject({
        severity: 'SEV3',
        category: 'billing',
      }),
    );
    await userEvent.type(screen.getByLabelText('Tenant'), 'globex');
    await waitFor(() => expect(lastQuery(backend).tenant).toBe('globex'));
    await userEvent.click(screen.getByLabelText('Assignee'));
    await userEvent.click(await screen.findByRole('option', { name: 'me' }));
    await waitFor(() => expect(lastQuery(backend).assignee).toBe('me'));
    await waitFor(() =>
      expect(within(table).getAllByRole('row').slice(1)).toHaveLength(1),
    );
    expect(within(table).getByText('Mine')).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Assignee'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'unassigned' }),
    );
    await waitFor(() => expect(lastQuery(backend).assignee).toBe('none'));
    expect(
      await within(table).findByText('No incidents match these filters'),
    ).toBeInTheDocument();
  });

  it('shows the incidents affecting one entity, as a catalog card links it', async () => {
    const backend = fakeIncidentsBackend({
      incidents: [
        incident(),
        incident({ title: 'Other', entities: ['app:default/billing-sync'] }),
      ],
    });
    await renderQueue(
      backend,
      undefined,
      '/incidents/queue?entity=agent%3Adefault%2Fsupport-triage',
    );
    const table = await screen.findByRole('table', { name: 'Incidents' });
    await within(table).findByText('Support triage answers slowly');
    expect(within(table).queryByText('Other')).toBeNull();
    expect(lastQuery(backend).entity).toBe('agent:default/support-triage');
    expect(
      screen.getByText('Affects agent:default/support-triage'),
    ).toBeInTheDocument();
  });

  it('offers "New incident" only to those who may open one', async () => {
    await renderQueue(fakeIncidentsBackend(), [
      incidentsIncidentReadPermission.name,
    ]);
    expect(
      await screen.findByRole('table', { name: 'Incidents' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New incident' })).toBeNull();
  });

  it('offers "New incident" to those who may', async () => {
    await renderQueue(fakeIncidentsBackend(), [
      incidentsIncidentReadPermission.name,
      incidentsIncidentCreatePermission.name,
    ]);
    expect(
      await screen.findByRole('button', { name: 'New incident' }),
    ).toBeInTheDocument();
  });

  it("shows the backend's error instead of the list", async () => {
    const backend = fakeIncidentsBackend();
    backend.respond('GET /incidents', () =>
      errorResponse(403, 'NotAllowedError', 'You are not allowed'),
    );
    await renderQueue(backend);
    expect(
      await screen.findByText(/You are not allowed \(403\)/),
    ).toBeInTheDocument();
  });
});

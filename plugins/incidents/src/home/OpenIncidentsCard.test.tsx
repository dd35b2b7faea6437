import { screen, within } from '@testing-library/react';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { homeCardPlacementDataRef } from '@controlplane/frontend-common';
import {
  incidentsIncidentCreatePermission,
  incidentsIncidentReadPermission,
} from '@controlplane/plugin-incidents-common';
import {
  errorResponse,
  fakeIncidentsBackend,
  hoursAgo,
  incident,
  renderIncidents,
  renderIncidentsWidget,
} from '../__testUtils__';
import { openIncidentsCard } from '../plugin';
import { OpenIncidentsCard } from './OpenIncidentsCard';

jest.setTimeout(30_000);

/** What a tenant owner holds: their tenant's tickets, read and opened. */
const TENANT_OWNER = [
  incidentsIncidentReadPermission.name,
  incidentsIncidentCreatePermission.name,
];

describe('the "Open incidents by severity" home card', () => {
  it('counts open incidents per severity, each count linked to the queue of that severity, and lists the newest', async () => {
    // Newest first, as the backend answers.
    const outage = incident({
      title: 'Checkout down for every tenant',
      severity: 'SEV1',
      tenant: null,
      openedAt: hoursAgo(0.5),
    });
    const slow = incident({
      title: 'Support triage answers slowly',
      severity: 'SEV2',
      status: 'in_progress',
      openedAt: hoursAgo(3),
    });
    const question = incident({
      title: 'How do I rotate a credential?',
      severity: 'SEV4',
      tenant: 'globex',
      openedAt: hoursAgo(30),
    });
    const resolved = incident({
      title: 'Invoices late',
      severity: 'SEV2',
      status: 'resolved',
    });
    const backend = fakeIncidentsBackend({
      incidents: [outage, slow, question, resolved],
    });
    await renderIncidents(<OpenIncidentsCard />, { backend });

    const counts = await screen.findByRole('region', {
      name: 'Open incidents by severity',
    });
    for (const [severity, count] of [
      ['SEV1', 1],
      ['SEV2', 1],
      ['SEV3', 0],
      ['SEV4', 1],
    ] as const) {
      expect(
        within(counts).getByRole('link', {
          name: `${severity}: ${count} open`,
        }),
      ).toHaveAttribute('href', `/incidents/queue?severity=${severity}`);
    }

    const first = screen.getByRole('link', {
      name: 'Checkout down for every tenant',
    });
    expect(first).toHaveAttribute('href', `/incidents/${outage.id}`);
    expect(first.closest('li')).toHaveTextContent(
      'SEV1 · platform · opened 30 min ago',
    );
    const second = screen.getByRole('link', {
      name: 'Support triage answers slowly',
    });
    expect(second).toHaveAttribute('href', `/incidents/${slow.id}`);
    expect(second.closest('li')).toHaveTextContent(
      'SEV2 · acme · opened 3 h ago',
    );
    expect(
      within(second.closest('li')!).getByText('in progress'),
    ).toBeVisible();
    expect(
      screen.getByRole('link', { name: 'How do I rotate a credential?' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Invoices late')).toBeNull();
    expect(
      screen.getByRole('link', { name: 'Open incidents' }),
    ).toHaveAttribute('href', '/incidents/queue');

    const [list] = backend.requestsTo('GET', '/incidents');
    expect(list.query.get('status')).toBe('open,in_progress');
    expect(list.query.get('limit')).toBe('5');
    expect(backend.requestsTo('GET', '/incidents/summary')).toHaveLength(1);
  });

  it('shows the newest five and how many are open in all', async () => {
    const backend = fakeIncidentsBackend({
      incidents: Array.from({ length: 7 }, (_, i) =>
        incident({ title: `Incident ${i + 1}`, severity: 'SEV3' }),
      ),
    });
    await renderIncidents(<OpenIncidentsCard />, { backend });
    expect(
      await screen.findByRole('link', { name: 'SEV3: 7 open' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Incident 5' })).toBeVisible();
    expect(screen.queryByRole('link', { name: 'Incident 6' })).toBeNull();
    expect(
      screen.getByRole('link', { name: 'Open incidents (7)' }),
    ).toHaveAttribute('href', '/incidents/queue');
  });

  it('says when no incident is open', async () => {
    await renderIncidents(<OpenIncidentsCard />, {
      backend: fakeIncidentsBackend({
        incidents: [incident({ status: 'closed' })],
      }),
    });
    expect(await screen.findByText('No open incidents.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'SEV1: 0 open' })).toBeVisible();
  });

  it("shows the backend's error", async () => {
    const backend = fakeIncidentsBackend();
    backend.respond('GET /incidents/summary', () =>
      errorResponse(503, 'ServiceUnavailableError', 'database unavailable'),
    );
    await renderIncidents(<OpenIncidentsCard />, { backend });
    expect(
      await screen.findByText(/database unavailable \(503\)/),
    ).toBeInTheDocument();
  });

  describe('as a home card', () => {
    const tester = () => createExtensionTester(openIncidentsCard);

    it('is for those who work incidents, among what is at risk', () => {
      const placement = tester().get(homeCardPlacementDataRef);
      expect(placement.permissions).toEqual(['incidents.incident.update']);
      expect(placement.order).toBeGreaterThanOrEqual(100);
      expect(placement.order).toBeLessThan(200);
    });

    it("asks the backend nothing for a user who only reads their tenant's tickets", async () => {
      const backend = fakeIncidentsBackend({ incidents: [incident()] });
      await renderIncidentsWidget(
        tester().get(HomePageWidgetBlueprint.dataRefs.widget).component,
        { backend, held: TENANT_OWNER },
      );
      expect(
        await screen.findByText(/incidents\.incident\.update/),
      ).toBeInTheDocument();
      expect(backend.requests).toHaveLength(0);
    });
  });
});

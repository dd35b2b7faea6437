import { screen, within } from '@testing-library/react';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { homeCardPlacementDataRef } from '@controlplane/frontend-common';
import { incidentsIncidentReadPermission } from '@controlplane/plugin-incidents-common';
import {
  errorResponse,
  fakeIncidentsBackend,
  hoursAgo,
  incident,
  ME,
  renderIncidents,
  renderIncidentsWidget,
} from '../__testUtils__';
import { ticketQueueCard } from '../plugin';
import { TicketQueueCard } from './TicketQueueCard';

jest.setTimeout(30_000);

describe('the "Ticket queue" home card', () => {
  it('lists the open tickets assigned to the user and the unassigned ones, each linked to its page', async () => {
    const mine = incident({
      title: 'SSO login fails for acme',
      severity: 'SEV3',
      assignee: ME,
      status: 'in_progress',
      openedAt: hoursAgo(5),
    });
    const waiting = incident({
      title: 'Budget alert for globex',
      severity: 'SEV4',
      tenant: 'globex',
      openedAt: hoursAgo(1),
    });
    const someoneElses = incident({
      title: 'Webhook retries',
      assignee: 'user:default/oscar',
    });
    const mineDone = incident({
      title: 'Old question',
      assignee: ME,
      status: 'resolved',
    });
    const backend = fakeIncidentsBackend({
      incidents: [mine, waiting, someoneElses, mineDone],
    });
    await renderIncidents(<TicketQueueCard />, { backend });

    const assigned = await screen.findByRole('region', {
      name: 'Assigned to me',
    });
    const link = within(assigned).getByRole('link', {
      name: 'SSO login fails for acme',
    });
    expect(link).toHaveAttribute('href', `/incidents/${mine.id}`);
    expect(link.closest('li')).toHaveTextContent(
      'SEV3 · acme · opened 5 h ago',
    );
    expect(
      within(assigned).getByRole('link', { name: 'In the queue' }),
    ).toHaveAttribute('href', '/incidents/queue?assignee=me');
    expect(within(assigned).queryByText('Old question')).toBeNull();

    const unassigned = screen.getByRole('region', { name: 'Unassigned' });
    const open = within(unassigned).getByRole('link', {
      name: 'Budget alert for globex',
    });
    expect(open).toHaveAttribute('href', `/incidents/${waiting.id}`);
    expect(open.closest('li')).toHaveTextContent(
      'SEV4 · globex · opened 1 h ago',
    );
    expect(
      within(unassigned).getByRole('link', { name: 'In the queue' }),
    ).toHaveAttribute('href', '/incidents/queue?assignee=unassigned');
    expect(screen.queryByText('Webhook retries')).toBeNull();

    const asked = backend.requestsTo('GET', '/incidents');
    expect(asked.map(r => r.query.get('assignee')).sort()).toEqual([
      'me',
      'none',
    ]);
    for (const request of asked) {
      expect(request.query.get('status')).toBe('open,in_progress');
    }
  });

  it('says when nothing is assigned to the user and nothing waits', async () => {
    await renderIncidents(<TicketQueueCard />, {
      backend: fakeIncidentsBackend({
        incidents: [incident({ assignee: 'user:default/oscar' })],
      }),
    });
    expect(
      await screen.findByText('No open tickets are assigned to you.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Every open ticket has someone on it.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'In the queue' })).toBeNull();
  });

  it('offers more in the queue when more tickets wait than it shows', async () => {
    await renderIncidents(<TicketQueueCard />, {
      backend: fakeIncidentsBackend({
        incidents: Array.from({ length: 6 }, (_, i) =>
          incident({ title: `Ticket ${i + 1}` }),
        ),
      }),
    });
    const unassigned = await screen.findByRole('region', {
      name: 'Unassigned',
    });
    expect(
      await within(unassigned).findByRole('link', {
        name: 'More in the queue',
      }),
    ).toHaveAttribute('href', '/incidents/queue?assignee=unassigned');
    expect(within(unassigned).getAllByRole('listitem')).toHaveLength(5);
  });

  it("shows the backend's error", async () => {
    const backend = fakeIncidentsBackend();
    backend.respond('GET /incidents', () =>
      errorResponse(
        403,
        'NotAllowedError',
        'incidents.incident.read is needed',
      ),
    );
    await renderIncidents(<TicketQueueCard />, { backend });
    expect(
      await screen.findByText(/incidents\.incident\.read is needed \(403\)/),
    ).toBeInTheDocument();
  });

  describe('as a home card', () => {
    const tester = () => createExtensionTester(ticketQueueCard);

    it('is for those who work tickets, among the work waiting for the user', () => {
      const placement = tester().get(homeCardPlacementDataRef);
      expect(placement.permissions).toEqual(['incidents.incident.update']);
      expect(placement.order).toBeLessThan(100);
    });

    it('asks the backend nothing for a user who does not work tickets', async () => {
      const backend = fakeIncidentsBackend({ incidents: [incident()] });
      await renderIncidentsWidget(
        tester().get(HomePageWidgetBlueprint.dataRefs.widget).component,
        { backend, held: [incidentsIncidentReadPermission.name] },
      );
      expect(
        await screen.findByText(/incidents\.incident\.update/),
      ).toBeInTheDocument();
      expect(backend.requests).toHaveLength(0);
    });
  });
});

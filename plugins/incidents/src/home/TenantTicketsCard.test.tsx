import { screen } from '@testing-library/react';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { homeCardPlacementDataRef } from '@controlplane/frontend-common';
import {
  errorResponse,
  fakeIncidentsBackend,
  hoursAgo,
  incident,
  renderIncidents,
} from '../__testUtils__';
import plugin, { tenantTicketsCard } from '../plugin';
import { TenantTicketsCard } from './TenantTicketsCard';

jest.setTimeout(30_000);

describe('the "Open tickets" home card', () => {
  it('lists the open tickets the user may read, newest first, each linked to its page', async () => {
    const question = incident({
      title: 'How do I rotate a credential?',
      severity: 'SEV4',
      openedAt: hoursAgo(2),
    });
    const slow = incident({
      title: 'Dashboard slow for our users',
      severity: 'SEV3',
      status: 'in_progress',
      openedAt: hoursAgo(26),
    });
    const closed = incident({ title: 'Old question', status: 'closed' });
    const backend = fakeIncidentsBackend({
      incidents: [question, slow, closed],
    });
    await renderIncidents(<TenantTicketsCard />, { backend });

    const first = await screen.findByRole('link', {
      name: 'How do I rotate a credential?',
    });
    expect(first).toHaveAttribute('href', `/incidents/${question.id}`);
    expect(first.closest('li')).toHaveTextContent(
      'SEV4 · acme · opened 2 h ago',
    );
    expect(
      screen.getByRole('link', { name: 'Dashboard slow for our users' }),
    ).toHaveAttribute('href', `/incidents/${slow.id}`);
    expect(screen.queryByText('Old question')).toBeNull();
    expect(screen.getByRole('link', { name: 'All tickets' })).toHaveAttribute(
      'href',
      '/incidents/queue',
    );
    const [list] = backend.requestsTo('GET', '/incidents');
    expect(list.query.get('status')).toBe('open,in_progress');
    expect(list.query.get('limit')).toBe('5');
  });

  it('offers more when there are more than five', async () => {
    await renderIncidents(<TenantTicketsCard />, {
      backend: fakeIncidentsBackend({
        incidents: Array.from({ length: 6 }, (_, i) =>
          incident({ title: `Ticket ${i + 1}` }),
        ),
      }),
    });
    expect(await screen.findByRole('link', { name: 'Ticket 5' })).toBeVisible();
    expect(screen.queryByRole('link', { name: 'Ticket 6' })).toBeNull();
    expect(screen.getByRole('link', { name: 'More tickets' })).toBeVisible();
  });

  it('says when none is open', async () => {
    await renderIncidents(<TenantTicketsCard />, {
      backend: fakeIncidentsBackend({ incidents: [] }),
    });
    expect(
      await screen.findByText('None of your tickets is open.'),
    ).toBeInTheDocument();
  });

  it("shows the backend's error", async () => {
    const failing = fakeIncidentsBackend();
    failing.respond('GET /incidents', () =>
      errorResponse(503, 'ServiceUnavailableError', 'database unavailable'),
    );
    await renderIncidents(<TenantTicketsCard />, { backend: failing });
    expect(
      await screen.findByText(/database unavailable \(503\)/),
    ).toBeInTheDocument();
  });

  it("is a home card of the plugin for users who read only their own tenants' tickets", () => {
    expect(
      plugin.getExtension('home-page-widget:incidents/tenant-tickets'),
    ).toBeDefined();
    const placement = createExtensionTester(tenantTicketsCard).get(
      homeCardPlacementDataRef,
    );
    expect(placement.permissions).toEqual(['incidents.incident.read']);
    expect(placement.audience).toBe('scoped');
    expect(placement.order).toBeLessThan(100);
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  incidentsIncidentCreatePermission,
  incidentsIncidentUpdatePermission,
} from '@controlplane/plugin-incidents-common';
import {
  entry,
  errorResponse,
  fakeIncidentsBackend,
  hoursAgo,
  incident,
  ME,
  renderIncidents,
} from '../__testUtils__';
import { PermissionOptions } from '@controlplane/frontend-common/testUtils';
import { IncidentsPage } from './IncidentsPage';

jest.setTimeout(30_000);

const renderIncident = (
  backend: ReturnType<typeof fakeIncidentsBackend>,
  id: string,
  permissions?: PermissionOptions,
) =>
  renderIncidents(<IncidentsPage />, {
    backend,
    permissions,
    path: `/incidents/${id}`,
    mountPath: '/incidents/*',
  });

const timeline = () => screen.getByRole('list', { name: 'Timeline' });

describe('an incident', () => {
  it('shows severity apart from priority, tenants, entities, people, times and the timeline with the related changes marked', async () => {
    const one = incident({
      status: 'resolved',
      affectedTenants: ['acme', 'globex'],
      assignee: 'user:default/sam',
      commander: 'user:default/oscar',
      watchers: ['user:default/ada', 'user:default/devon'],
      description: 'p95 latency above 4 s',
      acknowledgedAt: hoursAgo(2.5),
      resolvedAt: hoursAgo(1),
      timeToAcknowledgeSeconds: 30 * 60,
      timeToResolveSeconds: 2 * 3600,
    });
    const backend = fakeIncidentsBackend({
      incidents: [one],
      timelines: {
        [one.id]: [
          entry({
            kind: 'created',
            summary: 'Opened as SEV2, priority high',
            at: hoursAgo(3),
          }),
          entry({
            id: 'audit:41',
            kind: 'promotions.request-approve',
            actor: 'user:default/april',
            summary: 'promotions.request-approve on promotion-request 7 (acme)',
            related: true,
            tenant: 'acme',
            at: hoursAgo(4),
          }),
          entry({ summary: 'Rolled back the model', at: hoursAgo(1.5) }),
        ],
      },
    });
    await renderIncident(backend, one.id);

    expect(
      await screen.findByRole('heading', { name: one.title }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Severity')).toHaveTextContent('SEV2');
    expect(screen.getByLabelText('Priority')).toHaveTextContent('High');
    expect(screen.getByLabelText('Status')).toHaveTextContent('resolved');
    expect(screen.getByLabelText('Category')).toHaveTextContent('performance');
    expect(screen.getByLabelText('Affected tenants')).toHaveTextContent(
      'acme, globex',
    );
    expect(
      within(screen.getByLabelText('Affected entities')).getByRole('link', {
        name: 'support-triage',
      }),
    ).toHaveAttribute('href', '/catalog/default/agent/support-triage');
    expect(screen.getByLabelText('Reporter')).toHaveTextContent(
      'Tina Tenant-Owner',
    );
    expect(
      within(screen.getByLabelText('Assignee')).getByRole('link', {
        name: 'Sam Support',
      }),
    ).toHaveAttribute('href', '/catalog/default/user/sam');
    expect(screen.getByLabelText('Commander')).toHaveTextContent(
      'Oscar Operator',
    );
    expect(screen.getByLabelText('Watchers')).toHaveTextContent(
      'Ada Admin, Devon Developer',
    );
    expect(screen.getByLabelText('Time to acknowledge')).toHaveTextContent(
      '30 min',
    );
    expect(screen.getByLabelText('Time to resolve')).toHaveTextContent('2 h');
    expect(screen.getByText('p95 latency above 4 s')).toBeInTheDocument();

    const related = await within(timeline()).findByRole('listitem', {
      name: /^Related change: promotions.request-approve/,
    });
    expect(related).toHaveTextContent('April Approver');
    const items = within(timeline()).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    // Oldest first: the promotion came before the incident opened.
    expect(items[0]).toBe(related);
    expect(items[1]).toHaveAccessibleName(
      'created: Opened as SEV2, priority high',
    );
    expect(within(items[1]).queryByText('Related change')).toBeNull();
    expect(
      backend
        .requestsTo('GET', `/incidents/${one.id}/timeline`)[0]
        .query.get('hoursBefore'),
    ).toBe('24');
  });

  it('reads related changes from further back when asked', async () => {
    const one = incident();
    const backend = fakeIncidentsBackend({ incidents: [one] });
    await renderIncident(backend, one.id);
    await userEvent.click(await screen.findByLabelText('Related changes from'));
    await userEvent.click(
      await screen.findByRole('option', { name: '3 d before' }),
    );
    await waitFor(() =>
      expect(
        backend
          .requestsTo('GET', `/incidents/${one.id}/timeline`)
          .at(-1)!
          .query.get('hoursBefore'),
      ).toBe('72'),
    );
  });

  it('offers only the legal moves, and resolves only with a note', async () => {
    const one = incident();
    const backend = fakeIncidentsBackend({ incidents: [one] });
    await renderIncident(backend, one.id);

    expect(
      await screen.findByRole('button', { name: 'Start work' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Resolve' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Close' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Reopen' })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Start work' }));
    let dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Start work' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(
      await screen.findByRole('listitem', {
        name: 'status: open → in_progress',
      }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Start work' })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    dialog = await screen.findByRole('dialog');
    const resolve = within(dialog).getByRole('button', { name: 'Resolve' });
    expect(resolve).toBeDisabled();
    await userEvent.type(
      within(dialog).getByLabelText(/^Resolution note/),
      'Rolled back to 1.4.1',
    );
    await userEvent.click(resolve);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(
      backend.requestsTo('POST', `/incidents/${one.id}/transition`)[1].body,
    ).toEqual({ action: 'resolve', note: 'Rolled back to 1.4.1' });
    expect(await screen.findByRole('button', { name: 'Close' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Reopen' })).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Resolve' })).toBeNull();
    expect(screen.getByLabelText('Time to resolve')).toHaveTextContent('3 h');
  });

  it('shows a conflict in the dialog and keeps it open', async () => {
    const one = incident();
    const backend = fakeIncidentsBackend({ incidents: [one] });
    backend.respond(`POST /incidents/${one.id}/transition`, () =>
      errorResponse(
        409,
        'ConflictError',
        'You cannot start an incident that is resolved',
      ),
    );
    await renderIncident(backend, one.id);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Start work' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Start work' }),
    );
    expect(
      await within(dialog).findByText(
        'You cannot start an incident that is resolved',
      ),
    ).toBeInTheDocument();
  });

  it('is assigned to the user, or to someone else with a commander and watchers', async () => {
    const one = incident();
    const backend = fakeIncidentsBackend({ incidents: [one] });
    await renderIncident(backend, one.id);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Assign to me' }),
    );
    expect(
      await within(screen.getByLabelText('Assignee')).findByRole('link', {
        name: 'test',
      }),
    ).toHaveAttribute('href', '/catalog/default/user/test');
    expect(backend.requestsTo('PATCH', `/incidents/${one.id}`)[0].body).toEqual(
      { assignee: ME },
    );
    expect(screen.queryByRole('button', { name: 'Assign to me' })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog');
    const assignee = within(dialog).getByLabelText('Assignee');
    await userEvent.clear(assignee);
    await userEvent.type(assignee, 'sam');
    await userEvent.type(within(dialog).getByLabelText('Commander'), 'nobody!');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog).findByText(/"nobody!" is not a user/),
    ).toBeInTheDocument();
    const commander = within(dialog).getByLabelText('Commander');
    await userEvent.clear(commander);
    await userEvent.type(commander, 'user:default/oscar');
    await userEvent.type(
      within(dialog).getByLabelText('Watchers'),
      'ada, user:default/devon',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(backend.requestsTo('PATCH', `/incidents/${one.id}`)[1].body).toEqual(
      {
        assignee: 'user:default/sam',
        commander: 'user:default/oscar',
        watchers: ['user:default/ada', 'user:default/devon'],
      },
    );
    expect(await screen.findByLabelText('Commander')).toHaveTextContent(
      'Oscar Operator',
    );
    // The timeline names the people its entries change.
    expect(
      within(timeline()).getByRole('listitem', {
        name: 'field: assignee: user:default/test → user:default/sam',
      }),
    ).toHaveTextContent('assignee: test → Sam Support');
    expect(
      within(timeline()).getByRole('listitem', {
        name: /^field: watchers: /,
      }),
    ).toHaveTextContent('watchers: nobody → Ada Admin, Devon Developer');
  });

  it('takes a comment into the timeline', async () => {
    const one = incident();
    const backend = fakeIncidentsBackend({ incidents: [one] });
    await renderIncident(backend, one.id);

    const post = await screen.findByRole('button', { name: 'Add comment' });
    expect(post).toBeDisabled();
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Comment' }),
      'Customer confirms it is slow since 9:00',
    );
    await userEvent.click(post);
    expect(
      await within(timeline()).findByRole('listitem', {
        name: 'comment: Customer confirms it is slow since 9:00',
      }),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Comment' })).toHaveValue('');
    expect(
      backend.requestsTo('POST', `/incidents/${one.id}/comments`)[0].body,
    ).toEqual({ body: 'Customer confirms it is slow since 9:00' });
  });

  it('hides the controls from those who may not work it, asking about this incident', async () => {
    const one = incident();
    const backend = fakeIncidentsBackend({ incidents: [one] });
    // Update is allowed on another incident only; create on this one (a
    // tenant admin of acme): comments, no status or assignment controls.
    await renderIncident(backend, one.id, {
      allowOn: {
        [incidentsIncidentUpdatePermission.name]: ['another-incident'],
        [incidentsIncidentCreatePermission.name]: [one.id],
      },
    });
    expect(
      await screen.findByRole('button', { name: 'Add comment' }),
    ).toBeInTheDocument();
    for (const hidden of [
      'Start work',
      'Resolve',
      'Assign to me',
      'Edit',
      'Close',
    ]) {
      expect(screen.queryByRole('button', { name: hidden })).toBeNull();
    }
  });

  it('shows neither controls nor the comment box to readers only', async () => {
    const one = incident();
    const backend = fakeIncidentsBackend({
      incidents: [one],
      timelines: { [one.id]: [entry()] },
    });
    await renderIncident(backend, one.id, {
      deny: [
        incidentsIncidentUpdatePermission.name,
        incidentsIncidentCreatePermission.name,
      ],
    });
    expect(
      await within(
        await screen.findByRole('list', { name: 'Timeline' }),
      ).findAllByRole('listitem'),
    ).toHaveLength(1);
    expect(screen.queryByRole('textbox', { name: 'Comment' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Start work' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
  });

  it("shows the backend's answer for an incident out of reach", async () => {
    await renderIncident(
      fakeIncidentsBackend(),
      '00000000-0000-4000-8000-999999999999',
    );
    expect(await screen.findByText(/not found \(404\)/)).toBeInTheDocument();
  });
});

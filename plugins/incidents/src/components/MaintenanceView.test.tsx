import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import {
  incidentsIncidentReadPermission,
  incidentsMaintenanceOverridePermission,
} from '@controlplane/plugin-incidents-common';
import {
  fakeIncidentsBackend,
  maintenanceWindow,
  ME,
  renderIncidents,
} from '../__testUtils__';
import { IncidentsPage } from './IncidentsPage';

jest.setTimeout(30_000);

/** Today (or `days` from today) at `hour`:00 local time, as the wire has it. */
const at = (hour: number, days = 0) =>
  DateTime.now().startOf('day').plus({ days, hours: hour }).toUTC().toISO()!;

const renderMaintenance = (
  backend: ReturnType<typeof fakeIncidentsBackend>,
  held?: string[],
) =>
  renderIncidents(<IncidentsPage />, {
    backend,
    held,
    path: '/incidents/maintenance',
    mountPath: '/incidents/*',
  });

const windowItem = (title: string) =>
  screen.findByRole('listitem', { name: `Maintenance ${title}` });

describe('the maintenance calendar', () => {
  it('groups the windows by the day they start, with span, environment, tenant, blocked operations and state', async () => {
    const active = maintenanceWindow({
      title: 'Database upgrade',
      startsAt: DateTime.now().minus({ minutes: 30 }).toUTC().toISO()!,
      endsAt: DateTime.now().plus({ minutes: 90 }).toUTC().toISO()!,
      active: true,
    });
    const later = maintenanceWindow({
      title: 'Backup migration',
      environment: 'staging',
      tenant: 'acme',
      operations: ['backup', 'migration'],
      startsAt: at(9, 2),
      endsAt: at(11, 2),
    });
    const backend = fakeIncidentsBackend({ windows: [later, active] });
    await renderMaintenance(backend);

    expect(
      await screen.findByRole('tab', { name: 'Maintenance' }),
    ).toHaveAttribute('aria-selected', 'true');
    const today = await screen.findByRole('region', {
      name: DateTime.fromISO(active.startsAt).toFormat('cccc d LLLL yyyy'),
    });
    const now = within(today).getByRole('listitem', {
      name: 'Maintenance Database upgrade',
    });
    expect(now).toHaveTextContent('(2 h)');
    expect(now).toHaveTextContent('active now');
    expect(now).toHaveTextContent(
      'production, every tenant; blocks deploy, migration; by Oscar Operator',
    );
    const day = screen.getByRole('region', {
      name: DateTime.fromISO(later.startsAt).toFormat('cccc d LLLL yyyy'),
    });
    const upcoming = within(day).getByRole('listitem');
    expect(upcoming).toHaveTextContent('09:00–11:00 (2 h)');
    expect(upcoming).toHaveTextContent('upcoming');
    expect(upcoming).toHaveTextContent(
      'staging, acme; blocks backup, migration',
    );

    await userEvent.click(screen.getByLabelText('Group by'));
    await userEvent.click(await screen.findByRole('option', { name: 'week' }));
    expect(
      (await screen.findAllByRole('region', { name: /^Week of / })).length,
    ).toBeGreaterThan(0);
  });

  it('schedules a window, refusing one that ends before it starts', async () => {
    const backend = fakeIncidentsBackend();
    await renderMaintenance(backend);
    expect(
      await screen.findByText('No maintenance windows ahead'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Schedule maintenance' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByLabelText(/^Title/),
      'Kubernetes upgrade',
    );
    await userEvent.click(within(dialog).getByLabelText('scaling'));
    await userEvent.type(
      within(dialog).getByLabelText(/^Starts/),
      '2099-05-04T10:00',
    );
    await userEvent.type(
      within(dialog).getByLabelText(/^Ends/),
      '2099-05-04T09:00',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Schedule' }),
    );
    expect(
      await within(dialog).findByText('It must end after it starts'),
    ).toBeInTheDocument();
    const ends = within(dialog).getByLabelText(/^Ends/);
    await userEvent.clear(ends);
    await userEvent.type(ends, '2099-05-04T12:00');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Schedule' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(backend.requestsTo('POST', '/maintenance')[0].body).toEqual({
      title: 'Kubernetes upgrade',
      environment: 'production',
      operations: ['deploy', 'scaling'],
      startsAt: new Date('2099-05-04T10:00').toISOString(),
      endsAt: new Date('2099-05-04T12:00').toISOString(),
    });
    expect(await windowItem('Kubernetes upgrade')).toHaveTextContent(
      '10:00–12:00 (2 h)',
    );
  });

  it('asks for an override with a reason, and approves only the overrides of others', async () => {
    const window = maintenanceWindow({
      active: true,
      overrides: [
        {
          id: '00000000-0000-4000-8000-0000000000aa',
          operation: 'migration',
          reason: 'data fix for acme',
          requestedBy: 'user:default/oscar',
          requestedAt: new Date().toISOString(),
        },
      ],
    });
    const backend = fakeIncidentsBackend({ windows: [window] });
    await renderMaintenance(backend);

    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Request an override of Database upgrade',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    const request = within(dialog).getByRole('button', {
      name: 'Request override',
    });
    expect(request).toBeDisabled();
    await userEvent.type(
      within(dialog).getByLabelText(/^Reason/),
      'security hotfix',
    );
    await userEvent.click(request);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(
      backend.requestsTo('POST', `/maintenance/${window.id}/overrides`)[0].body,
    ).toEqual({ operation: 'deploy', reason: 'security hotfix' });

    const item = await windowItem('Database upgrade');
    await waitFor(() =>
      expect(item).toHaveTextContent(
        'Override of deploy asked by test: security hotfix; waits for a second person',
      ),
    );
    // Oscar's override: the user may approve it; their own, not.
    expect(
      within(item).queryByRole('button', {
        name: 'Approve the override of deploy in Database upgrade',
      }),
    ).toBeNull();
    await userEvent.click(
      within(item).getByRole('button', {
        name: 'Approve the override of migration in Database upgrade',
      }),
    );
    await waitFor(() =>
      expect(item).toHaveTextContent(
        'Override of migration asked by Oscar Operator: data fix for acme; approved by test',
      ),
    );
    // The user asked one override and approved the other.
    const me = within(item).getAllByRole('link', { name: 'test' });
    expect(me).toHaveLength(2);
    for (const link of me) {
      expect(link).toHaveAttribute('href', '/catalog/default/user/test');
    }
    expect(ME).toBe('user:default/test');
  });

  it('cancels a window with a reason', async () => {
    const window = maintenanceWindow();
    const backend = fakeIncidentsBackend({ windows: [window] });
    await renderMaintenance(backend);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Cancel Database upgrade' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByLabelText(/^Reason/),
      'moved to Sunday',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel window' }),
    );
    expect(
      await screen.findByText('No maintenance windows ahead'),
    ).toBeInTheDocument();
    expect(
      backend.requestsTo('POST', `/maintenance/${window.id}/cancel`)[0].body,
    ).toEqual({ reason: 'moved to Sunday' });
  });

  it('shows no schedule, cancel or override controls without the maintenance permissions', async () => {
    const backend = fakeIncidentsBackend({
      windows: [
        maintenanceWindow({
          overrides: [
            {
              id: '00000000-0000-4000-8000-0000000000bb',
              operation: 'deploy',
              reason: 'hotfix',
              requestedBy: 'user:default/oscar',
              requestedAt: new Date().toISOString(),
            },
          ],
        }),
      ],
    });
    await renderMaintenance(backend, [incidentsIncidentReadPermission.name]);
    const item = await windowItem('Database upgrade');
    expect(item).toHaveTextContent(
      'Override of deploy asked by Oscar Operator',
    );
    expect(within(item).queryByRole('button')).toBeNull();
    expect(
      screen.queryByRole('button', { name: 'Schedule maintenance' }),
    ).toBeNull();
  });

  it('lets override holders override, but not schedule or cancel', async () => {
    const backend = fakeIncidentsBackend({ windows: [maintenanceWindow()] });
    await renderMaintenance(backend, [
      incidentsIncidentReadPermission.name,
      incidentsMaintenanceOverridePermission.name,
    ]);
    expect(
      await screen.findByRole('button', {
        name: 'Request an override of Database upgrade',
      }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Cancel Database upgrade' }),
    ).toBeNull();
    expect(
      screen.queryByRole('button', { name: 'Schedule maintenance' }),
    ).toBeNull();
  });
});

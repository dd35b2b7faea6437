import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { promotionsRequestReadPermission } from '@controlplane/plugin-promotions-common';
import {
  fakePromotionsBackend,
  freeze,
  renderPromotions,
} from '../__testUtils__';
import { PromotionsPage } from './PromotionsPage';

jest.setTimeout(30_000);

const renderFreezes = (
  backend: ReturnType<typeof fakePromotionsBackend>,
  held?: string[],
) =>
  renderPromotions(<PromotionsPage />, {
    backend,
    held,
    path: '/promotions/freezes',
    mountPath: '/promotions/*',
  });

describe('freezes', () => {
  it('creates a maintenance freeze, refusing one that ends before it starts', async () => {
    const backend = fakePromotionsBackend();
    await renderFreezes(backend);
    expect(await screen.findByText('No freezes')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'New freeze' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/^Tenant/), 'acme');
    await userEvent.type(
      within(dialog).getByLabelText(/^Reason/),
      'database upgrade',
    );
    await userEvent.type(
      within(dialog).getByLabelText(/^Starts/),
      '2026-05-02T10:00',
    );
    await userEvent.type(
      within(dialog).getByLabelText(/^Ends/),
      '2026-05-01T10:00',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Freeze' }),
    );
    expect(
      await within(dialog).findByText('It must end after it starts'),
    ).toBeInTheDocument();
    expect(backend.requestsTo('POST', '/freezes')).toHaveLength(0);

    const ends = within(dialog).getByLabelText(/^Ends/);
    await userEvent.clear(ends);
    await userEvent.type(ends, '2026-05-02T14:00');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Freeze' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(backend.requestsTo('POST', '/freezes')[0].body).toEqual({
      environment: 'production',
      tenant: 'acme',
      reason: 'database upgrade',
      startsAt: new Date('2026-05-02T10:00').toISOString(),
      endsAt: new Date('2026-05-02T14:00').toISOString(),
    });
    expect(await screen.findByText('database upgrade')).toBeInTheDocument();
  });

  it('lifts a freeze', async () => {
    const held = freeze({
      source: 'incident',
      incidentId: 'INC-9',
      reason: 'SEV2',
    });
    const backend = fakePromotionsBackend({ freezes: [held] });
    await renderFreezes(backend);
    expect(await screen.findByText('incident INC-9')).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Lift the freeze of production: SEV2',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Lift' }));
    await waitFor(() =>
      expect(screen.queryByText('incident INC-9')).toBeNull(),
    );
    expect(backend.requestsTo('POST', `/freezes/${held.id}/lift`)).toHaveLength(
      1,
    );
  });

  it('offers no changes without promotions.freeze.manage', async () => {
    const { access } = await renderFreezes(
      fakePromotionsBackend({ freezes: [freeze()] }),
      [promotionsRequestReadPermission.name],
    );
    await screen.findByText('quarter-end close');
    await waitFor(() => expect(access.reach).toHaveBeenCalled());
    expect(screen.queryByRole('button', { name: 'New freeze' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Lift/ })).toBeNull();
  });
});

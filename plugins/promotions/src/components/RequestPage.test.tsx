import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  errorResponse,
  fakePromotionsBackend,
  freeze,
  NOTHING_ALLOWED,
  promotionRequest,
  renderPromotions,
} from '../__testUtils__';
import { PromotionsPage } from './PromotionsPage';

jest.setTimeout(30_000);

const renderRequest = (
  backend: ReturnType<typeof fakePromotionsBackend>,
  path: string,
) =>
  renderPromotions(<PromotionsPage />, {
    backend,
    path,
    mountPath: '/promotions/*',
  });

describe('a request', () => {
  it('is opened from the inbox, approved with a comment, and shows the outcome', async () => {
    const request = promotionRequest({ title: 'Support triage 1.4.2' });
    const backend = fakePromotionsBackend({ requests: [request] });
    await renderRequest(backend, '/promotions');

    const inbox = await screen.findByRole('table', { name: 'Inbox' });
    await userEvent.click(
      await within(inbox).findByRole('link', { name: /support-triage/ }),
    );
    expect(
      await screen.findByRole('heading', { name: 'Support triage 1.4.2' }),
    ).toBeInTheDocument();
    expect(
      within(screen.getByLabelText('Target')).getByRole('link', {
        name: 'support-triage',
      }),
    ).toHaveAttribute('href', '/catalog/default/agent/support-triage');
    expect(screen.getByLabelText('Requested by')).toHaveTextContent(
      'Devon Developer',
    );
    const changes = screen.getByRole('table', { name: 'Changes' });
    const model = within(changes).getByText('model').closest('tr')!;
    expect(model).toHaveTextContent('gpt-4o');
    expect(model).toHaveTextContent('gpt-4.1');
    expect(screen.getByLabelText('Tests')).toHaveTextContent('✓ passed');
    expect(screen.getByLabelText('Coverage')).toHaveTextContent('82%');
    expect(screen.getByLabelText('Approvals')).toHaveTextContent('0 / 1');

    await userEvent.click(screen.getByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByLabelText('Comment (optional)'),
      'ship it',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(
      backend.requestsTo('POST', `/requests/${request.id}/approve`)[0].body,
    ).toEqual({ comment: 'ship it' });
    expect(await screen.findByText('applied')).toBeInTheDocument();
    expect(screen.getByLabelText('Approvals')).toHaveTextContent('1 / 1');
    const decisions = screen.getByRole('table', { name: 'Decisions' });
    const approved = within(decisions).getByText('Approved').closest('tr')!;
    expect(
      within(approved).getByRole('link', { name: 'April Approver' }),
    ).toHaveAttribute('href', '/catalog/default/user/april');
    expect(approved).toHaveTextContent('ship it');
    expect(within(decisions).getByText('Applied')).toBeInTheDocument();
    // Decided: nothing more to do.
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Reject' })).toBeNull();
  });

  it('is rejected only with a reason', async () => {
    const request = promotionRequest();
    const backend = fakePromotionsBackend({ requests: [request] });
    await renderRequest(backend, `/promotions/requests/${request.id}`);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Reject' }),
    );
    const dialog = await screen.findByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Reject' });
    expect(confirm).toBeDisabled();
    const reason = within(dialog).getByLabelText(/^Reason/);
    await userEvent.type(reason, ' ');
    await userEvent.tab();
    expect(
      within(dialog).getByText(/A reason of at least 3 characters is required/),
    ).toBeInTheDocument();
    expect(confirm).toBeDisabled();

    await userEvent.type(reason, 'coverage dropped');
    await userEvent.click(confirm);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(
      backend.requestsTo('POST', `/requests/${request.id}/reject`)[0].body,
    ).toEqual({ reason: 'coverage dropped' });
    expect(await screen.findByText('rejected')).toBeInTheDocument();
    expect(screen.getByText('Reason: coverage dropped')).toBeInTheDocument();
  });

  it('offers only what `allowed` says the user may do', async () => {
    const own = promotionRequest({
      allowed: { ...NOTHING_ALLOWED, withdraw: true, override: true },
    });
    const backend = fakePromotionsBackend({ requests: [own] });
    await renderRequest(backend, `/promotions/requests/${own.id}`);

    expect(
      await screen.findByRole('button', { name: 'Withdraw' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Request override' }),
    ).toBeInTheDocument();
    for (const hidden of ['Approve', 'Reject', 'Approve override']) {
      expect(screen.queryByRole('button', { name: hidden })).toBeNull();
    }
  });

  it('offers nothing when `allowed` says no', async () => {
    const request = promotionRequest({ allowed: NOTHING_ALLOWED });
    const backend = fakePromotionsBackend({ requests: [request] });
    await renderRequest(backend, `/promotions/requests/${request.id}`);
    await screen.findByRole('table', { name: 'Changes' });
    for (const hidden of [
      'Approve',
      'Reject',
      'Withdraw',
      'Request override',
      'Approve override',
    ]) {
      expect(screen.queryByRole('button', { name: hidden })).toBeNull();
    }
  });

  it('shows a conflict in the dialog and keeps it open', async () => {
    const request = promotionRequest();
    const backend = fakePromotionsBackend({ requests: [request] });
    backend.respond(`POST /requests/${request.id}/approve`, () =>
      errorResponse(
        409,
        'ConflictError',
        'The request was withdrawn meanwhile',
      ),
    );
    await renderRequest(backend, `/promotions/requests/${request.id}`);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Approve' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );
    expect(
      await within(dialog).findByText('The request was withdrawn meanwhile'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText(/Conflict/)).toBeInTheDocument();
  });

  it('shows the freezes holding it, and asks for an override with a reason', async () => {
    const request = promotionRequest({
      status: 'approved',
      approvals: 1,
      freezes: [
        freeze({
          source: 'incident',
          incidentId: 'INC-7',
          reason: 'SEV1 open',
        }),
      ],
      allowed: { ...NOTHING_ALLOWED, override: true },
    });
    const backend = fakePromotionsBackend({ requests: [request] });
    await renderRequest(backend, `/promotions/requests/${request.id}`);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Held by a freeze',
    );
    const freezes = screen.getByRole('table', { name: 'Freezes holding it' });
    expect(within(freezes).getByText('incident INC-7')).toBeInTheDocument();
    expect(within(freezes).getByText('SEV1 open')).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Request override' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByLabelText(/^Reason/),
      'hotfix for the incident',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request override' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(
      backend.requestsTo('POST', `/requests/${request.id}/override`)[0].body,
    ).toEqual({ reason: 'hotfix for the incident' });
    expect(await screen.findByText('Override requested')).toBeInTheDocument();
  });

  it("shows the backend's answer for a request out of reach", async () => {
    const backend = fakePromotionsBackend();
    await renderRequest(
      backend,
      '/promotions/requests/00000000-0000-4000-8000-999999999999',
    );
    expect(await screen.findByText(/not found \(404\)/)).toBeInTheDocument();
  });
});

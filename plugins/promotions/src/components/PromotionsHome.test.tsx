import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  promotionsRequestCreatePermission,
  promotionsRequestReadPermission,
} from '@controlplane/plugin-promotions-common';
import {
  errorResponse,
  fakePromotionsBackend,
  hoursAgo,
  promotionRequest,
  renderPromotions,
} from '../__testUtils__';
import { PromotionsPage } from './PromotionsPage';

jest.setTimeout(30_000);

const renderPage = (
  backend = fakePromotionsBackend(),
  held?: string[],
  path = '/promotions',
) =>
  renderPromotions(<PromotionsPage />, {
    backend,
    held,
    path,
    mountPath: '/promotions/*',
  });

const DEVELOPER = [
  promotionsRequestReadPermission.name,
  promotionsRequestCreatePermission.name,
];

describe('the inbox', () => {
  it('lists the requests the user may decide, oldest first, with age, evidence and approvals', async () => {
    const newer = promotionRequest({
      target: 'app:default/billing-sync',
      tenant: 'globex',
      version: '2.0.0',
      requestedAt: hoursAgo(1),
      evidence: {
        testsPassed: false,
        coverage: 61.5,
        criticalVulnerabilities: 2,
      },
    });
    const older = promotionRequest({
      requestedAt: hoursAgo(27),
      approvalsRequired: 2,
      approvals: 1,
      requestedBy: 'user:default/devon',
    });
    const notMine = promotionRequest({
      target: 'agent:default/invoice-extractor',
      allowed: undefined,
    });
    const backend = fakePromotionsBackend({
      requests: [newer, older, notMine],
      decidable: [newer.id, older.id],
    });
    await renderPage(backend);

    expect(await screen.findByRole('tab', { name: 'Inbox' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    const table = await screen.findByRole('table', { name: 'Inbox' });
    await within(table).findByText('billing-sync');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('support-triage');
    expect(rows[0]).toHaveTextContent('1 d');
    expect(rows[0]).toHaveTextContent('staging → production');
    expect(
      within(rows[0]).getByRole('link', { name: 'Devon Developer' }),
    ).toHaveAttribute('href', '/catalog/default/user/devon');
    expect(rows[0]).toHaveTextContent('tests ✓ · coverage 82% · 0 critical');
    expect(rows[0]).toHaveTextContent('1 / 2');
    expect(rows[1]).toHaveTextContent('billing-sync');
    expect(rows[1]).toHaveTextContent('1 h');
    expect(rows[1]).toHaveTextContent('globex');
    expect(rows[1]).toHaveTextContent('tests ✗ · coverage 61.5% · 2 critical');
    expect(
      within(rows[0]).getByRole('link', {
        name: /agent:default\/support-triage/,
      }),
    ).toHaveAttribute('href', `/promotions/requests/${older.id}`);
    expect(
      backend.requestsTo('GET', '/requests')[0].query.get('decidable'),
    ).toBe('true');
  });

  it('is not offered to those who may not approve: they start on all requests', async () => {
    const backend = fakePromotionsBackend({
      requests: [promotionRequest({ allowed: undefined })],
    });
    await renderPage(backend, DEVELOPER);
    expect(
      await screen.findByRole('tab', { name: 'Requests' }),
    ).toHaveAttribute('aria-selected', 'true');
    expect(screen.queryByRole('tab', { name: 'Inbox' })).toBeNull();
    expect(
      await screen.findByRole('table', { name: 'Requests' }),
    ).toHaveTextContent('requested');
    expect(
      backend.requests.some(r => r.query.get('decidable') === 'true'),
    ).toBe(false);
  });

  it("shows the backend's error instead of the list", async () => {
    const backend = fakePromotionsBackend();
    backend.respond('GET /requests', () =>
      errorResponse(403, 'NotAllowedError', 'You are not allowed'),
    );
    await renderPage(backend);
    expect(
      await screen.findByText(/You are not allowed \(403\)/),
    ).toBeInTheDocument();
  });
});

describe('the requests tab', () => {
  it('asks for a status and only the own requests', async () => {
    const backend = fakePromotionsBackend({
      requests: [
        promotionRequest({ status: 'applied' }),
        promotionRequest({
          status: 'rejected',
          requestedBy: 'user:default/ada',
        }),
      ],
    });
    await renderPage(backend, undefined, '/promotions/requests');
    const table = await screen.findByRole('table', { name: 'Requests' });
    await within(table).findByText('rejected');
    await userEvent.click(screen.getByLabelText('Status applied'));
    await userEvent.click(screen.getByLabelText('Only mine'));
    await waitFor(() =>
      expect(within(table).queryByText('rejected')).toBeNull(),
    );
    expect(within(table).getByText('applied')).toBeInTheDocument();
    const last = backend.requestsTo('GET', '/requests').at(-1)!;
    expect(last.query.get('status')).toBe('applied');
    expect(last.query.get('mine')).toBe('true');
  });
});

describe('a new request', () => {
  const openDialog = async () => {
    await userEvent.click(
      await screen.findByRole('button', { name: 'New request' }),
    );
    return screen.findByRole('dialog');
  };

  it('posts the target, tenant, environments, version, changes and evidence, and opens the request', async () => {
    const backend = fakePromotionsBackend();
    await renderPage(backend, DEVELOPER);
    const dialog = await openDialog();
    await userEvent.type(
      within(dialog).getByLabelText(/^Target/),
      'agent:default/support-triage',
    );
    await userEvent.type(within(dialog).getByLabelText(/^Tenant/), 'acme');
    expect(within(dialog).getByLabelText('Next environment')).toHaveTextContent(
      'Promotes to production',
    );
    await userEvent.type(within(dialog).getByLabelText(/^Version/), '1.4.2');
    await userEvent.type(within(dialog).getByLabelText(/^Title/), 'New model');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Add change' }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Add change' }),
    );
    await userEvent.type(
      within(dialog).getByLabelText('Change 1 field'),
      'model',
    );
    await userEvent.type(
      within(dialog).getByLabelText('Change 1 before'),
      'gpt-4o',
    );
    await userEvent.type(
      within(dialog).getByLabelText('Change 1 after'),
      'gpt-4.1',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Remove change 2' }),
    );
    await userEvent.type(within(dialog).getByLabelText(/^Coverage/), '81.5');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request' }),
    );

    expect(
      await screen.findByRole('heading', { name: 'New model' }),
    ).toBeInTheDocument();
    expect(backend.requestsTo('POST', '/requests')[0].body).toEqual({
      target: 'agent:default/support-triage',
      tenant: 'acme',
      sourceEnvironment: 'staging',
      version: '1.4.2',
      title: 'New model',
      changes: [{ field: 'model', before: 'gpt-4o', after: 'gpt-4.1' }],
      evidence: { coverage: 81.5 },
    });
  });

  it('refuses bad input in the form before asking the backend', async () => {
    const backend = fakePromotionsBackend();
    await renderPage(backend, DEVELOPER);
    const dialog = await openDialog();
    const submit = within(dialog).getByRole('button', { name: 'Request' });
    expect(submit).toBeDisabled();

    await userEvent.type(
      within(dialog).getByLabelText(/^Target/),
      'support-triage',
    );
    await userEvent.type(within(dialog).getByLabelText(/^Tenant/), 'acme');
    await userEvent.type(within(dialog).getByLabelText(/^Version/), '1.4.2');
    await userEvent.click(submit);
    expect(
      await within(dialog).findByText(
        /"support-triage" is not an agent or app/,
      ),
    ).toBeInTheDocument();

    const target = within(dialog).getByLabelText(/^Target/);
    await userEvent.clear(target);
    await userEvent.type(target, 'agent:support-triage');
    await userEvent.type(within(dialog).getByLabelText(/^Coverage/), '140');
    await userEvent.click(submit);
    expect(
      await within(dialog).findByText(
        'Coverage must be a number from 0 to 100',
      ),
    ).toBeInTheDocument();

    await userEvent.clear(within(dialog).getByLabelText(/^Coverage/));
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Add change' }),
    );
    await userEvent.click(submit);
    expect(
      await within(dialog).findByText('Change 1 needs a field'),
    ).toBeInTheDocument();
    expect(backend.requestsTo('POST', '/requests')).toHaveLength(0);
  });

  it("shows the backend's refusal in the dialog", async () => {
    const backend = fakePromotionsBackend();
    backend.respond('POST /requests', () =>
      errorResponse(
        409,
        'ConflictError',
        '1.4.2 does not run in staging of acme',
      ),
    );
    await renderPage(backend, DEVELOPER);
    const dialog = await openDialog();
    await userEvent.type(
      within(dialog).getByLabelText(/^Target/),
      'agent:support-triage',
    );
    await userEvent.type(within(dialog).getByLabelText(/^Tenant/), 'acme');
    await userEvent.type(within(dialog).getByLabelText(/^Version/), '1.4.2');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request' }),
    );
    expect(
      await within(dialog).findByText('1.4.2 does not run in staging of acme'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText(/Conflict/)).toBeInTheDocument();
  });

  it('is not offered without promotions.request.create', async () => {
    const { access } = await renderPage(fakePromotionsBackend(), [
      promotionsRequestReadPermission.name,
    ]);
    await screen.findByRole('tab', { name: 'Requests' });
    await waitFor(() => expect(access.reach).toHaveBeenCalled());
    expect(screen.queryByRole('button', { name: 'New request' })).toBeNull();
  });
});

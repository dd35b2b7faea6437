import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import {
  fakeAuditApi,
  LocationSearch,
  record,
  renderWithApis,
} from '../__testUtils__';
import { rootRouteRef } from '../routes';
import { AuditPage } from './AuditPage';

const grant = record({
  id: 'rec-grant',
  seq: 7,
  timestamp: '2026-03-02T09:15:00.000Z',
  action: 'rbac.role-grant',
  actorId: 'user:default/ada',
  resourceType: 'rbac-role',
  resourceId: 'support-agent',
  severity: 'critical',
  outcome: 'success',
  metadata: {
    role: 'support-agent',
    before: ['audit.log.read', 'incidents.incident.read'],
    after: ['audit.log.read', 'rbac.role.read'],
  },
  hash: 'f'.repeat(64),
  prevHash: 'e'.repeat(64),
});
const denied = record({
  id: 'rec-denied',
  seq: 6,
  timestamp: '2026-03-01T08:00:00.000Z',
  action: 'tenants.tenant-suspend',
  actorId: 'user:default/oscar',
  resourceType: 'tenant',
  resourceId: 'acme',
  tenant: 'acme',
  severity: 'low',
  outcome: 'failure',
  metadata: { previous_status: 'active', new_status: 'suspended' },
});

const render = (
  options: {
    api?: ReturnType<typeof fakeAuditApi>;
    path?: string;
    deny?: string[];
  } = {},
) => {
  const api =
    options.api ??
    fakeAuditApi({ records: [grant, denied], deny: options.deny });
  renderWithApis(
    <>
      <AuditPage />
      <LocationSearch />
    </>,
    {
      api,
      deny: options.deny,
      mountPath: '/audit/*',
      initialRouteEntries: [options.path ?? '/audit'],
      mountedRoutes: { '/audit': rootRouteRef },
    },
  );
  return api;
};

const search = () =>
  new URLSearchParams(screen.getByTestId('location-search').textContent ?? '');

// Renders the whole page with Material Table; slow on a busy machine.
jest.setTimeout(30_000);

const rowOf = (text: string) => screen.getByText(text).closest('tr')!;

describe('AuditLogPage', () => {
  it('lists the records in the order the backend gives (newest first) with outcome and severity', async () => {
    const api = render();
    await screen.findByText('rbac.role-grant');
    const rows = screen
      .getAllByRole('row')
      .filter(row => within(row).queryAllByRole('cell').length > 0);
    expect(rows[0]).toHaveTextContent('2026-03-02 09:15:00 UTC');
    expect(rows[0]).toHaveTextContent('rbac-role/support-agent');
    expect(rows[1]).toHaveTextContent('tenants.tenant-suspend');
    expect(
      within(rowOf('rbac.role-grant')).getByLabelText('severity critical'),
    ).toBeInTheDocument();
    expect(rowOf('tenants.tenant-suspend')).toHaveTextContent('failure');
    expect(
      within(rowOf('rbac.role-grant')).getByRole('link', { name: 'Ada Admin' }),
    ).toHaveAttribute('href', '/catalog/default/user/ada');
    expect(screen.getByText('2 of 2 records')).toBeInTheDocument();
    expect(api.listRecords).toHaveBeenCalledWith(
      {},
      { limit: 50, cursor: undefined, includeTotal: true },
    );
    // Read-only: nothing to edit or delete.
    expect(
      screen.queryByRole('button', { name: /edit|delete|remove/i }),
    ).not.toBeInTheDocument();
  });

  it('puts applied filters in the URL and loads the matching records', async () => {
    const api = render();
    await screen.findByText('rbac.role-grant');
    await userEvent.click(screen.getByLabelText('Actor'));
    await userEvent.paste('user:default/ada');
    await userEvent.click(screen.getByLabelText('Tenant'));
    await userEvent.paste('acme');
    await userEvent.click(
      screen.getByRole('button', { name: 'Apply filters' }),
    );
    await waitFor(() =>
      expect(api.listRecords).toHaveBeenLastCalledWith(
        { actor: 'user:default/ada', tenant: 'acme' },
        expect.objectContaining({ cursor: undefined }),
      ),
    );
    expect(search().get('actor')).toBe('user:default/ada');
    expect(search().get('tenant')).toBe('acme');

    // The choices apply at once.
    await userEvent.selectOptions(screen.getByLabelText('Severity'), 'high');
    await waitFor(() => expect(search().get('severity')).toBe('high'));
    expect(api.listRecords).toHaveBeenLastCalledWith(
      { actor: 'user:default/ada', tenant: 'acme', severity: 'high' },
      expect.anything(),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(search().toString()).toBe(''));
    expect(api.listRecords).toHaveBeenLastCalledWith({}, expect.anything());
  });

  it('starts from the filters of a shared link', async () => {
    const api = render({
      path: '/audit?action=rbac.role-grant&outcome=failure&from=2026-03-01T00%3A00%3A00.000Z',
    });
    await screen.findByText('rbac.role-grant');
    expect(api.listRecords).toHaveBeenCalledWith(
      {
        action: 'rbac.role-grant',
        outcome: 'failure',
        from: '2026-03-01T00:00:00.000Z',
      },
      expect.anything(),
    );
    expect(screen.getByLabelText('Action')).toHaveValue('rbac.role-grant');
    expect(screen.getByLabelText('Outcome')).toHaveValue('failure');
  });

  it('opens a record in a drawer with its before/after values side by side and its hashes', async () => {
    render();
    await userEvent.click(await screen.findByText('rbac.role-grant'));
    const drawer = await screen.findByRole('dialog', {
      name: 'Audit record: rbac.role-grant',
    });
    expect(search().get('record')).toBe('rec-grant');

    const changes = within(drawer).getByRole('table', { name: 'changes' });
    const [, row] = within(changes).getAllByRole('row');
    const [field, before, after] = within(row).getAllByRole('cell');
    expect(field).toHaveTextContent('value');
    expect(within(before).getByText('incidents.incident.read')).toHaveAttribute(
      'data-change',
      'removed',
    );
    expect(within(after).getByText('rbac.role.read')).toHaveAttribute(
      'data-change',
      'added',
    );
    expect(within(after).getByText('audit.log.read')).not.toHaveAttribute(
      'data-change',
    );
    expect(within(drawer).getByLabelText('metadata')).toHaveTextContent(
      '"role": "support-agent"',
    );
    expect(within(drawer).getByText('f'.repeat(64))).toBeInTheDocument();
    expect(within(drawer).getByText('e'.repeat(64))).toBeInTheDocument();
    const actor = within(drawer).getByRole('link', { name: 'Ada Admin' });
    expect(actor).toHaveAttribute('href', '/catalog/default/user/ada');
    expect(actor.closest('dd')).toHaveTextContent('Ada Admin (user)');

    await userEvent.click(
      within(drawer).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() => expect(search().get('record')).toBeNull());
  });

  it('shows previous_*/new_* pairs as changes', async () => {
    render({ path: '/audit?record=rec-denied' });
    const drawer = await screen.findByRole('dialog', {
      name: 'Audit record: tenants.tenant-suspend',
    });
    const changes = within(drawer).getByRole('table', { name: 'changes' });
    expect(
      within(changes).getByRole('row', { name: /status/ }),
    ).toHaveTextContent('statusactivesuspended');
  });

  it('fetches a linked record that is not on the page', async () => {
    const api = fakeAuditApi({ records: [grant] });
    const older = record({ id: 'rec-old', action: 'flags.flag-update' });
    api.getRecord.mockResolvedValue(older);
    render({ api, path: '/audit?record=rec-old' });
    expect(
      await screen.findByRole('dialog', {
        name: 'Audit record: flags.flag-update',
      }),
    ).toBeInTheDocument();
    expect(api.getRecord).toHaveBeenCalledWith('rec-old');
  });

  it('exports the filtered records through the API as a download', async () => {
    const createObjectURL = jest.fn(() => 'blob:export');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function saved(this: HTMLAnchorElement) {
        expect(this.download).toBe('audit.json');
        expect(this.href).toBe('blob:export');
      });
    try {
      const api = render({ path: '/audit?actor=user%3Adefault%2Fada' });
      await userEvent.click(
        await screen.findByRole('button', { name: 'Export' }),
      );
      const dialog = screen.getByRole('dialog', {
        name: 'Export audit records',
      });
      expect(dialog).toHaveTextContent(
        'Records matching actor = user:default/ada.',
      );
      await userEvent.click(within(dialog).getByLabelText('JSON'));
      await userEvent.click(
        within(dialog).getByLabelText('Include details (metadata)'),
      );
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Download' }),
      );
      await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
      expect(api.exportRecords).toHaveBeenCalledWith(
        { actor: 'user:default/ada' },
        { format: 'json', includeDetails: false },
      );
      expect(createObjectURL).toHaveBeenCalledWith(expect.any(Blob));
      await waitFor(() =>
        expect(
          screen.queryByRole('dialog', { name: 'Export audit records' }),
        ).not.toBeInTheDocument(),
      );
    } finally {
      click.mockRestore();
    }
  });

  it('shows an export failure in the dialog', async () => {
    const api = fakeAuditApi({ records: [grant] });
    api.exportRecords.mockRejectedValue(new Error('export failed'));
    render({ api });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Export' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Download' }));
    expect(await screen.findByText('export failed')).toBeInTheDocument();
  });

  it('hides export without audit.log.export', async () => {
    render({ deny: ['audit.log.export'] });
    await screen.findByText('rbac.role-grant');
    // The chain card (allowed) has loaded: the permission answers are in.
    await screen.findByText(/Chain intact/);
    expect(
      screen.queryByRole('button', { name: 'Export' }),
    ).not.toBeInTheDocument();
  });

  it('shows the first broken link of the chain in red', async () => {
    render({
      api: fakeAuditApi({
        records: [grant, denied],
        verification: {
          ok: false,
          checked: 7,
          firstBroken: { seq: 6, id: 'rec-denied', reason: 'hash mismatch' },
        },
      }),
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Chain broken');
    expect(alert).toHaveTextContent(
      'First broken link at record #6 (rec-denied): hash mismatch',
    );
    await userEvent.click(
      within(alert).getByRole('button', { name: 'Open record' }),
    );
    expect(
      await screen.findByRole('dialog', {
        name: 'Audit record: tenants.tenant-suspend',
      }),
    ).toBeInTheDocument();
  });

  it('shows an intact chain with the number of records checked', async () => {
    render({
      api: fakeAuditApi({ verification: { ok: true, checked: 1234 } }),
    });
    expect(
      await screen.findByText('Chain intact: 1234 records verified'),
    ).toBeInTheDocument();
  });

  it('hides the chain status without audit.chain.verify', async () => {
    const api = render({ deny: ['audit.chain.verify'] });
    await screen.findByText('rbac.role-grant');
    await screen.findByRole('button', { name: 'Export' });
    expect(screen.queryByText('Hash chain')).not.toBeInTheDocument();
    expect(api.verifyChain).not.toHaveBeenCalled();
  });

  it('loads the next page with the cursor', async () => {
    const api = fakeAuditApi({ records: [grant], nextCursor: 'c2' });
    api.listRecords.mockResolvedValueOnce({
      records: [grant],
      nextCursor: 'c2',
      total: 2,
    });
    api.listRecords.mockResolvedValueOnce({ records: [denied] });
    render({ api });
    await screen.findByText('1 of 2 records');
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(
      await screen.findByText('tenants.tenant-suspend'),
    ).toBeInTheDocument();
    expect(screen.getByText('rbac.role-grant')).toBeInTheDocument();
    expect(api.listRecords).toHaveBeenLastCalledWith(
      {},
      { limit: 50, cursor: 'c2', includeTotal: false },
    );
    expect(
      screen.queryByRole('button', { name: 'Load more' }),
    ).not.toBeInTheDocument();
  });

  it('says when no record matches', async () => {
    render({ api: fakeAuditApi({ records: [] }), path: '/audit?tenant=none' });
    expect(
      await screen.findByText('No audit records match these filters.'),
    ).toBeInTheDocument();
  });

  it("shows the backend's error", async () => {
    const api = fakeAuditApi();
    api.listRecords.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'NotAllowedError',
              message: 'You are not allowed audit.log.read',
            },
            response: { statusCode: 403 },
          }),
          { status: 403, headers: { 'Content-Type': 'application/json' } },
        ) as any,
      ),
    );
    render({ api });
    expect(
      await screen.findByText(
        /^Error: You are not allowed audit\.log\.read \(403\)$/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    // The panel's "Full Error as JSON", shown (and highlighted) last.
    expect(await screen.findByText('"NotAllowedError"')).toBeInTheDocument();
  });

  it("opens a resource's timeline from the table", async () => {
    const api = render();
    await userEvent.click(
      await screen.findByRole('link', {
        name: 'timeline of tenant acme',
      }),
    );
    expect(
      await screen.findByRole('heading', { name: 'History of tenant acme' }),
    ).toBeInTheDocument();
    expect(api.getResourceTimeline).toHaveBeenCalledWith('tenant', 'acme', {
      limit: 50,
      cursor: undefined,
    });
    // Following the link does not open the record too.
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});

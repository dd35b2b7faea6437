import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { homeCardPlacementDataRef } from '@controlplane/frontend-common';
import { fakeAuditApi, record, renderWithApis } from '../__testUtils__';
import { auditExportsCard } from '../plugin';
import { rootRouteRef } from '../routes';
import { AuditExportsCard, EXPORT_ACTION } from './AuditExportsCard';

jest.setTimeout(30_000);

const HOUR = 3_600_000;

const exportRecord = record({
  id: 'rec-export',
  action: EXPORT_ACTION,
  actorId: 'user:default/audrey',
  timestamp: new Date(Date.now() - 5 * HOUR).toISOString(),
  severity: 'medium',
  metadata: {
    format: 'json',
    range: { from: '2026-03-01', to: '2026-03-31T12:00:00.000Z' },
    filters: {},
    includeDetails: true,
    rows: 1200,
    complete: true,
  },
});

const render = (api: ReturnType<typeof fakeAuditApi>) =>
  renderWithApis(<AuditExportsCard />, {
    api,
    mountedRoutes: { '/audit': rootRouteRef },
  });

describe('the "Audit exports" home card', () => {
  it('lists the latest exports from the audit trail, each opening its record', async () => {
    const api = fakeAuditApi({ records: [exportRecord] });
    await render(api);
    const link = await screen.findByRole('link', {
      name: 'JSON, 2026-03-01 to 2026-03-31 12:00:00 UTC',
    });
    expect(link).toHaveAttribute(
      'href',
      '/audit?record=rec-export&action=audit.export',
    );
    expect(link.closest('li')).toHaveTextContent(
      'by Audrey Auditor · 5 h ago · 1200 records',
    );
    expect(screen.getByRole('link', { name: 'All exports' })).toHaveAttribute(
      'href',
      '/audit?action=audit.export',
    );
    expect(api.listRecords).toHaveBeenCalledWith(
      { action: EXPORT_ACTION },
      { limit: 5, includeTotal: true },
    );
  });

  it('downloads the last 24 hours as CSV through the API, then lists the new export', async () => {
    const createObjectURL = jest.fn(() => 'blob:export');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    try {
      const api = fakeAuditApi({ records: [] });
      await render(api);
      expect(
        await screen.findByText('Nobody has exported the audit trail yet.'),
      ).toBeInTheDocument();
      await userEvent.click(
        screen.getByRole('button', {
          name: 'Export the last 24 hours as CSV',
        }),
      );
      await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
      const [filters, options] = api.exportRecords.mock.calls[0];
      expect(options).toEqual({ format: 'csv', includeDetails: true });
      const from = Date.parse(filters.from!);
      expect(Date.now() - from).toBeGreaterThanOrEqual(24 * HOUR);
      expect(Date.now() - from).toBeLessThan(24 * HOUR + 60_000);
      expect(createObjectURL).toHaveBeenCalledWith(expect.any(Blob));
      // The list is asked again, to show the export just made.
      await waitFor(() => expect(api.listRecords).toHaveBeenCalledTimes(2));
      expect(
        await screen.findByRole('button', {
          name: 'Export the last 7 days as CSV',
        }),
      ).toBeEnabled();
    } finally {
      click.mockRestore();
    }
  });

  it('shows a failed export', async () => {
    const api = fakeAuditApi({ records: [] });
    api.exportRecords.mockRejectedValue(new Error('export refused'));
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Export the last 30 days as CSV',
      }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Export failed: export refused',
    );
  });

  it('offers the downloads without the list to a user who may export but not read', async () => {
    const api = fakeAuditApi({ deny: ['audit.log.read'] });
    await render(api);
    expect(
      await screen.findByRole('button', {
        name: 'Export the last 7 days as CSV',
      }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'All exports' })).toBeNull();
    expect(api.listRecords).not.toHaveBeenCalled();
  });

  it('is a home card for holders of audit.log.export, among the summaries', () => {
    const placement = createExtensionTester(auditExportsCard).get(
      homeCardPlacementDataRef,
    );
    expect(placement.permissions).toEqual(['audit.log.export']);
    expect(placement.order).toBeGreaterThanOrEqual(200);
  });
});

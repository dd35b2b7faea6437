import { screen, within } from '@testing-library/react';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { homeCardPlacementDataRef } from '@controlplane/frontend-common';
import { AuditRecord } from '@controlplane/plugin-audit-common';
import { fakeAuditApi, record, renderWithApis } from '../__testUtils__';
import { recentHighSeverityCard } from '../plugin';
import { rootRouteRef } from '../routes';
import { RecentHighSeverityCard, SHOWN } from './RecentHighSeverityCard';

jest.setTimeout(30_000);

const HOUR = 3_600_000;
const hoursAgo = (hours: number) =>
  new Date(Date.now() - hours * HOUR).toISOString();

/**
 * The audit API over `records`, filtering by severity and time as the
 * backend does, newest first, with the total of the filtered set.
 */
function backendOver(records: AuditRecord[]) {
  const api = fakeAuditApi({ records });
  api.listRecords.mockImplementation(async (filters, page) => {
    const matching = records
      .filter(
        r =>
          (!filters.severity || r.severity === filters.severity) &&
          (!filters.from || r.timestamp >= filters.from),
      )
      .sort((a, b) => b.seq - a.seq);
    return {
      records: matching.slice(0, page?.limit ?? 50),
      total: page?.includeTotal ? matching.length : undefined,
    };
  });
  return api;
}

const render = (api: ReturnType<typeof fakeAuditApi>) =>
  renderWithApis(<RecentHighSeverityCard />, {
    api,
    mountedRoutes: { '/audit': rootRouteRef },
  });

describe('the "Recent high-severity changes" home card', () => {
  it('lists the newest high and critical records of the last 7 days, each opening on the audit page', async () => {
    const kill = record({
      id: 'rec-kill',
      seq: 30,
      timestamp: hoursAgo(2),
      action: 'flags.flag-kill-switch',
      actorId: 'user:default/oscar',
      resourceType: 'flag',
      resourceId: 'checkout',
      severity: 'critical',
    });
    const denied = record({
      id: 'rec-denied',
      seq: 29,
      timestamp: hoursAgo(3),
      action: 'tenants.tenant-suspend',
      actorId: 'user:default/devon',
      resourceType: 'tenant',
      resourceId: 'acme',
      tenant: 'acme',
      severity: 'high',
      outcome: 'failure',
    });
    const grants = Array.from({ length: SHOWN }, (_, i) =>
      record({
        id: `rec-grant-${i}`,
        seq: 20 - i,
        timestamp: hoursAgo(10 + i),
        severity: 'high',
      }),
    );
    const api = backendOver([
      kill,
      denied,
      ...grants,
      // Medium, and high but too old: not on the card.
      record({
        id: 'rec-medium',
        seq: 31,
        severity: 'medium',
        timestamp: hoursAgo(1),
      }),
      record({
        id: 'rec-old',
        seq: 2,
        severity: 'critical',
        timestamp: hoursAgo(8 * 24),
      }),
    ]);
    await render(api);

    const killLink = await screen.findByRole('link', {
      name: 'flags.flag-kill-switch',
    });
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(SHOWN);
    // Newest first, across both severities.
    expect(items[0]).toHaveTextContent('flags.flag-kill-switch');
    expect(items[1]).toHaveTextContent('tenants.tenant-suspend');
    expect(items[0]).toHaveTextContent(
      'flag checkout · by Oscar Operator · 2 h ago',
    );
    expect(within(items[0]).getByLabelText('severity critical')).toBeVisible();
    expect(items[1]).toHaveTextContent(
      'tenant acme · by Devon Developer · 3 h ago · failed',
    );
    expect(screen.queryByText(/rec-medium|rec-old/)).toBeNull();

    const href = new URL(killLink.getAttribute('href')!, 'http://portal');
    expect(href.pathname).toBe('/audit');
    expect(href.searchParams.get('record')).toBe('rec-kill');
    expect(href.searchParams.get('severity')).toBe('critical');
    const from = Date.parse(href.searchParams.get('from')!);
    expect(Date.now() - from).toBeGreaterThanOrEqual(7 * 24 * HOUR);
    expect(Date.now() - from).toBeLessThan(7 * 24 * HOUR + 60_000);

    // How many of each, linked to the filtered audit page.
    const critical = screen.getByRole('link', { name: '1 critical' });
    expect(critical.getAttribute('href')).toMatch(
      /^\/audit\?severity=critical&from=/,
    );
    expect(screen.getByRole('link', { name: '6 high' })).toBeInTheDocument();

    // One filtered, counted page per severity.
    expect(api.listRecords).toHaveBeenCalledTimes(2);
    expect(api.listRecords).toHaveBeenCalledWith(
      { severity: 'critical', from: expect.any(String) },
      { limit: SHOWN, includeTotal: true },
    );
    expect(api.listRecords).toHaveBeenCalledWith(
      { severity: 'high', from: expect.any(String) },
      { limit: SHOWN, includeTotal: true },
    );
  });

  it('says so when there is none', async () => {
    await render(
      backendOver([record({ severity: 'low', timestamp: hoursAgo(1) })]),
    );
    expect(
      await screen.findByText(
        'No high or critical records in the last 7 days.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: '0 critical' }),
    ).toBeInTheDocument();
  });

  it("shows the backend's error", async () => {
    const api = fakeAuditApi();
    api.listRecords.mockRejectedValue(new Error('audit database unavailable'));
    await render(api);
    expect(
      (await screen.findAllByText(/audit database unavailable/)).length,
    ).toBeGreaterThan(0);
  });

  it('is a home card for readers of the audit trail, before what is at risk', () => {
    const placement = createExtensionTester(recentHighSeverityCard).get(
      homeCardPlacementDataRef,
    );
    expect(placement.permissions).toEqual(['audit.log.read']);
    expect(placement.order).toBeLessThan(100);
  });
});

import { screen, within } from '@testing-library/react';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { homeCardPlacementDataRef } from '@controlplane/frontend-common';
import {
  errorResponse,
  fakePlatformHealthBackend,
  renderPlatformHealth,
  renderPlatformHealthWidget,
  tenantOverview,
} from '../__testUtils__';
import { platformHealthCard } from '../plugin';
import { PlatformHealthCard } from './PlatformHealthCard';

jest.setTimeout(30_000);

const region = (name: string) => screen.getByRole('region', { name });

describe('the "Platform health" home card', () => {
  it("shows the dashboard's health tiles, each linked to its drill-down, and the dashboard", async () => {
    const backend = fakePlatformHealthBackend();
    await renderPlatformHealth(<PlatformHealthCard />, { backend });

    const api = await screen.findByRole('region', { name: 'API' });
    expect(within(api).getByRole('status')).toHaveAccessibleName(
      'Status: Warn',
    );
    expect(within(api).getByLabelText('Error rate 1h')).toHaveTextContent(
      '1.25%',
    );
    expect(
      within(api).getByRole('link', { name: /System metrics/ }),
    ).toHaveAttribute('href', '/platform/system');
    expect(
      within(region('Database')).getByLabelText('Connections'),
    ).toHaveTextContent('12 of 100 (12%)');
    const jobs = region('Scheduled jobs');
    expect(within(jobs).getByRole('status')).toHaveAccessibleName(
      'Status: Critical',
    );
    expect(
      within(jobs).getByRole('list', { name: 'Failing jobs' }),
    ).toHaveTextContent('billing: billing-rollup');
    expect(
      screen.getByRole('link', { name: 'Open the platform dashboard' }),
    ).toHaveAttribute('href', '/platform');
    // The dashboard's one overview, nothing more.
    expect(backend.requests.map(r => r.path)).toEqual(['/overview']);
  });

  it('shows only the API tile to a tenant-scoped reader, as the dashboard does', async () => {
    const backend = fakePlatformHealthBackend({
      overview: tenantOverview('acme'),
    });
    await renderPlatformHealth(<PlatformHealthCard />, { backend });
    expect(await screen.findByRole('region', { name: 'API' })).toBeVisible();
    expect(screen.queryByRole('region', { name: 'Database' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Scheduled jobs' })).toBeNull();
  });

  it("shows the backend's error", async () => {
    const backend = fakePlatformHealthBackend();
    backend.respond('GET /overview', () =>
      errorResponse(503, 'ServiceUnavailableError', 'database unavailable'),
    );
    await renderPlatformHealth(<PlatformHealthCard />, { backend });
    expect(
      await screen.findByText(/database unavailable \(503\)/),
    ).toBeInTheDocument();
  });

  describe('as a home card', () => {
    const tester = () => createExtensionTester(platformHealthCard);

    it('is for readers of the platform dashboard, a full row among what is at risk', () => {
      const placement = tester().get(homeCardPlacementDataRef);
      expect(placement.permissions).toEqual(['platform-health.dashboard.read']);
      expect(placement.order).toBeGreaterThanOrEqual(100);
      expect(placement.order).toBeLessThan(200);
      expect(placement.width).toBe(12);
    });

    it('asks the backend nothing for a user who may not read the dashboard', async () => {
      const backend = fakePlatformHealthBackend();
      await renderPlatformHealthWidget(
        tester().get(HomePageWidgetBlueprint.dataRefs.widget).component,
        { backend, held: [] },
      );
      expect(
        await screen.findByText(/platform-health\.dashboard\.read/),
      ).toBeInTheDocument();
      expect(backend.requests).toHaveLength(0);
    });

    it('shows the tiles to a reader', async () => {
      const backend = fakePlatformHealthBackend();
      await renderPlatformHealthWidget(
        tester().get(HomePageWidgetBlueprint.dataRefs.widget).component,
        { backend },
      );
      expect(
        await screen.findByRole('region', { name: 'API' }),
      ).toBeInTheDocument();
    });
  });
});

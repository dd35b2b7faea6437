import { screen } from '@testing-library/react';
import { jsonResponse as json } from '@controlplane/frontend-common/testUtils';
import { errorResponse, fakeAppsBackend, renderApps } from '../__testUtils__';
import { CredentialFailuresCard } from './CredentialFailuresCard';

const hourAgo = (hours: number) =>
  new Date(Date.now() - hours * 3_600_000).toISOString();

const failing = (name: string, extra: object = {}) => ({
  appId: `id-${name}`,
  appName: name,
  tenants: ['acme'],
  failed: 9,
  rateLimited: 0,
  failingCredentials: 2,
  lastFailureAt: hourAgo(2),
  peakHourFailed: 7,
  alarmed: false,
  credentials: [
    { id: 'k1', name: 'ci', failed: 7 },
    { id: 'k2', name: 'cron', failed: 2 },
  ],
  ...extra,
});

describe('CredentialFailuresCard', () => {
  it("lists the apps with failures of the last 24 hours, linked to each app's page", async () => {
    const backend = fakeAppsBackend();
    backend.respond('GET /credential-failures', () =>
      json({
        from: hourAgo(24),
        hours: 24,
        alarmThreshold: 50,
        items: [
          failing('billing-sync', {
            appTitle: 'Billing sync',
            failed: 120,
            alarmed: true,
          }),
          failing('crm-connector'),
        ],
        total: 2,
      }),
    );
    await renderApps(<CredentialFailuresCard />, { backend });
    const billing = await screen.findByRole('link', { name: 'Billing sync' });
    expect(billing).toHaveAttribute('href', '/apps/id-billing-sync');
    const item = billing.closest('li')!;
    expect(item).toHaveTextContent(
      '120 failed calls from 2 credentials (ci: 7, cron: 2) · last 2 h',
    );
    expect(item).toHaveTextContent('alarm');
    expect(screen.getByRole('link', { name: 'crm-connector' })).toHaveAttribute(
      'href',
      '/apps/id-crm-connector',
    );
    expect(
      screen.getByRole('link', { name: 'All credentials' }),
    ).toHaveAttribute('href', '/apps/api-keys');
    expect(
      backend.requestsTo('GET', '/credential-failures')[0].query.get('limit'),
    ).toBe('8');
  });

  it('says when no credential failed', async () => {
    const backend = fakeAppsBackend();
    backend.respond('GET /credential-failures', () =>
      json({
        from: hourAgo(24),
        hours: 24,
        alarmThreshold: 50,
        items: [],
        total: 0,
      }),
    );
    await renderApps(<CredentialFailuresCard />, { backend });
    expect(
      await screen.findByText(
        'No credential failed to authenticate in the last 24 hours.',
      ),
    ).toBeInTheDocument();
  });

  it("shows the backend's refusal", async () => {
    const backend = fakeAppsBackend();
    backend.respond('GET /credential-failures', () =>
      errorResponse(
        403,
        'NotAllowedError',
        'You are not allowed apps.usage.read',
      ),
    );
    await renderApps(<CredentialFailuresCard />, { backend });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'You are not allowed apps.usage.read',
    );
  });
});

import { expect, test } from '@playwright/test';
import { signInAs } from './helpers';

test('a platform admin opens the platform dashboard, reads a tile and a section, and drills down to the system metrics, the incidents and a tenant health page', async ({
  page,
}) => {
  await signInAs(page, 'Ada Admin');

  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Platform dashboard' })
    .click();
  await expect(page).toHaveURL(/\/platform$/);
  await expect(
    page.getByRole('heading', { name: 'Platform dashboard' }).first(),
  ).toBeVisible();

  // The API tile, with its status badge and error rates.
  const api = page.getByRole('region', { name: 'API', exact: true });
  await expect(
    api.getByRole('status', { name: /^Status: (OK|Warn|Critical)$/ }),
  ).toBeVisible();
  await expect(api.getByLabel('Error rate 1h')).toHaveText(/^[\d.,]+%$/);
  // A platform admin sees the whole platform: the database tile too.
  await expect(
    page.getByRole('region', { name: 'Database', exact: true }),
  ).toBeVisible();

  // The tenant health section: the seeded tenants are counted.
  const tenantHealth = page.getByRole('region', { name: 'Tenant health' });
  await expect(
    tenantHealth
      .getByRole('region', { name: 'Active tenants' })
      .getByLabel('Total'),
  ).toHaveText(/^[1-9]\d*$/);
  await expect(
    tenantHealth.getByRole('table', {
      name: 'Top tenants by failure rate (24h)',
    }),
  ).toBeVisible();

  // Drill-down: the API tile → the request metrics.
  await api.getByRole('link', { name: /System metrics/ }).click();
  await expect(page).toHaveURL(/\/platform\/system$/);
  const metrics = page.getByRole('table', { name: 'Request metrics' });
  await expect(metrics).toBeVisible();
  await page.getByRole('button', { name: '24h' }).click();
  await expect(page).toHaveURL(/window=24h/);
  await expect(page.getByRole('button', { name: '24h' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  // The dashboard itself made requests to the platform-health plugin.
  await expect(
    metrics.getByRole('cell', { name: 'platform-health' }),
  ).toBeVisible();

  // Drill-down: the shortcuts → the incidents queue.
  await page
    .getByRole('article')
    .getByRole('link', { name: 'Platform dashboard' })
    .click();
  await expect(page).toHaveURL(/\/platform$/);
  await page
    .getByRole('navigation', { name: 'Shortcuts' })
    .getByRole('link', { name: 'Incidents' })
    .click();
  await expect(page).toHaveURL(/\/incidents$/);
  await expect(page.getByRole('tab', { name: 'Queue' })).toBeVisible();

  // A tenant's page links to its health; that page links back to it.
  await page.goto('/tenants/acme');
  await page.getByRole('link', { name: 'Health', exact: true }).click();
  await expect(page).toHaveURL(/\/platform\/tenants\/acme$/);
  await expect(page.getByText(/Figures of this tenant/)).toBeVisible();
  const signals = page.getByRole('region', { name: 'Tenant health' });
  await expect(signals.getByLabel('At risk')).toHaveText(/^(no|yes: .+)$/);
  await expect(
    page.getByRole('region', { name: 'Database', exact: true }),
  ).toHaveCount(0);
  await page.getByRole('link', { name: 'Tenant page' }).first().click();
  await expect(page).toHaveURL(/\/tenants\/acme$/);
});

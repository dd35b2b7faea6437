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
  // The dashboard itself made requests to the platform-health plugin. The
  // backend stores its counts every 20 s (flushSeconds): right after it
  // started, they may not be stored yet, so reload until they are.
  await expect(async () => {
    await page.reload();
    await expect(
      metrics.getByRole('cell', { name: 'platform-health' }),
    ).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 60_000 });

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

test('a platform admin follows a dashboard chart to the executive metrics and reads the summary, a chart and the error analytics', async ({
  page,
}) => {
  await signInAs(page, 'Ada Admin');
  await page.goto('/platform');

  // The dashboard charts the last 24 hours; the requests chart links to
  // the executive metrics with its metric chosen.
  const requests = page.getByRole('region', {
    name: 'Requests per hour (24h)',
  });
  await expect(
    requests.getByRole('figure', { name: 'Requests per hour (24h)' }),
  ).toBeVisible();
  await requests.getByRole('link', { name: /Executive metrics/ }).click();
  await expect(page).toHaveURL(
    /\/platform\/metrics\?period=24h&metric=requests$/,
  );
  await expect(page.getByRole('button', { name: '24h' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );

  // The summary: the dashboard's own requests are counted, with a trend.
  // (Executions and tokens depend on billing: not asserted.)
  const summary = page.getByRole('region', { name: 'Summary' });
  const requestsTile = summary.getByRole('region', {
    name: 'Requests',
    exact: true,
  });
  await expect(requestsTile).toContainText(/^Requests[\d,]+/);
  await expect(requestsTile).toContainText(/previous 24h/);
  await expect(
    summary.getByRole('region', { name: 'Error rate (5xx)' }),
  ).toContainText(/[\d.]+%/);

  // The chart of the chosen metric, drawn.
  const overTime = page.getByRole('region', { name: 'Over time' });
  const chart = overTime.getByRole('figure', { name: 'Requests per hour' });
  await expect(chart).toBeVisible();
  await expect(chart.locator('.recharts-area-curve')).toBeVisible();
  await expect(chart).toContainText(/Peak [\d,]+ · latest [\d,]+/);

  // Another period and metric: kept in the URL, the chart follows.
  await page.getByRole('button', { name: '7d' }).click();
  await expect(page).toHaveURL(/period=7d/);
  await overTime.getByRole('button', { name: 'p95 latency' }).click();
  await expect(page).toHaveURL(/metric=p95_latency_ms/);
  await expect(
    overTime.getByRole('figure', { name: 'p95 latency per hour' }),
  ).toBeVisible();

  await expect(
    page
      .getByRole('region', { name: 'Error analytics' })
      .getByRole('table', { name: 'Errors by type' }),
  ).toBeVisible();
});

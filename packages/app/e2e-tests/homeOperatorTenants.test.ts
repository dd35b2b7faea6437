import { expect, Page, test } from '@playwright/test';
import { backend, signInAs, tokenOf } from './helpers';

/** A card of the home page's grid, by its title. */
const card = (page: Page, title: string) =>
  page
    .locator('.react-grid-item')
    .filter({ has: page.getByText(title, { exact: true }) });

test("an operator's home page shows the tenants at risk, the credential failures and the budget alerts of the last day", async ({
  page,
  request,
}) => {
  // New names per run: a reused running portal keeps what earlier runs made.
  const run = Date.now().toString(36);
  const appName = `e2e-home-${run}`;

  await signInAs(page, 'Oscar Operator');
  const oscar = { authorization: `Bearer ${await tokenOf(request, 'oscar')}` };
  const ada = { authorization: `Bearer ${await tokenOf(request, 'ada')}` };

  // "Tenants at risk": initech is suspended in the demo data.
  const atRisk = card(page, 'Tenants at risk');
  const initech = atRisk.getByRole('link', { name: 'Initech' });
  await expect(initech).toBeVisible();
  await expect(atRisk).toContainText('Suspended: Invoices unpaid (demo data)');
  await initech.click();
  await expect(page).toHaveURL(/\/tenants\/initech$/);

  // Through the REST APIs: an app of globex with a usage-reporting
  // credential, and a budget of 1 USD for globex alerting at 50 %.
  const registered = await request.post(`${backend}/api/apps/apps`, {
    headers: oscar,
    data: {
      name: appName,
      environment: 'production',
      owner: 'group:default/team-apps',
      tenants: ['globex'],
    },
  });
  expect(registered.status()).toBe(201);
  const app = await registered.json();
  const issued = await request.post(
    `${backend}/api/apps/apps/${app.id}/api-keys`,
    {
      headers: oscar,
      data: { name: 'usage reports', scopes: ['billing:write'] },
    },
  );
  expect(issued.status()).toBe(201);
  const appAuth = { authorization: `Bearer ${(await issued.json()).token}` };
  const budget = await request.put(
    `${backend}/api/billing/tenants/globex/budget`,
    {
      headers: ada,
      data: { monthlyAmount: 1, thresholds: [50] },
    },
  );
  expect(budget.status()).toBe(200);

  // The app reports 10 USD of tokens for globex: past the 50 % alert. (The
  // billing plugin sees a new credential within its refresh interval.)
  await expect(async () => {
    const ingested = await request.post(`${backend}/api/billing/events`, {
      headers: appAuth,
      data: {
        events: [
          {
            id: `${run}-tokens`,
            tenant: 'globex',
            type: 'tokens',
            quantity: 100_000,
            timestamp: new Date().toISOString(),
          },
        ],
      },
    });
    expect(ingested.status()).toBe(200);
  }).toPass({ timeout: 30_000 });
  // Then it calls the export, which its credential may not: failed calls.
  for (let i = 0; i < 3; i++) {
    const refused = await request.get(
      `${backend}/api/billing/export?tenant=globex`,
      {
        headers: appAuth,
      },
    );
    expect(refused.status()).toBe(403);
  }

  // "Budget alerts (24 h)": globex's threshold, linked to its billing.
  await expect(async () => {
    await page.goto('/');
    await expect(
      card(page, 'Budget alerts (24 h)').getByRole('link', {
        name: 'globex reached 50 % of its budget',
      }),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 60_000 });

  // "Credential failures (24 h)": the app, once the verifier has reported
  // its usage (every few seconds).
  const failures = card(page, 'Credential failures (24 h)');
  await expect(async () => {
    await page.goto('/');
    await expect(failures.getByRole('link', { name: appName })).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 60_000 });
  await expect(
    failures.getByRole('listitem').filter({ hasText: appName }),
  ).toContainText(/\d+ failed calls? from 1 credential \(usage reports: \d+\)/);
  await failures.getByRole('link', { name: appName }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${app.id}$`));
});

import { expect, test } from '@playwright/test';
import { issueCredential, registerApp, signInAs, signOut } from './helpers';

const backend = 'http://localhost:7007';

test("an app reports usage; the tenant's owner reads it and changes a quota", async ({
  page,
  request,
}) => {
  // New names per run: a reused running portal keeps what earlier runs made.
  const run = Date.now().toString(36);
  const appName = `e2e-billing-${run}`;
  const eventType = `e2e_${run}`;

  // Devon registers an app for acme and issues it a billing:write credential.
  await signInAs(page, 'Devon Developer');
  await registerApp(page, appName, ['acme']);
  const { token, shown } = await issueCredential(page, 'usage reports', [
    'billing:write',
  ]);
  await shown.getByRole('button', { name: 'I have copied the secret' }).click();

  // The app reports usage of acme; a retry of the same events counts once.
  const events = [
    { id: `${run}-1`, quantity: 4000 },
    { id: `${run}-2`, quantity: 242 },
  ].map(event => ({
    ...event,
    tenant: 'acme',
    type: eventType,
    timestamp: new Date().toISOString(),
  }));
  let ingested: { created: unknown[]; duplicates: unknown[] } | undefined;
  // The billing plugin sees a new credential within its refresh interval.
  await expect(async () => {
    const answer = await request.post(`${backend}/api/billing/events`, {
      headers: { authorization: `Bearer ${token}` },
      data: { events },
    });
    expect(answer.status()).toBe(200);
    ingested = await answer.json();
  }).toPass({ timeout: 30_000 });
  expect(ingested!.created).toHaveLength(2);
  const retry = await request.post(`${backend}/api/billing/events`, {
    headers: { authorization: `Bearer ${token}` },
    data: { events },
  });
  expect((await retry.json()).duplicates).toHaveLength(2);
  await signOut(page);

  // Tina owns acme: she opens Billing from the sidebar and sees only acme.
  await signInAs(page, 'Tina Tenant-Owner');
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Billing' })
    .click();
  const tenantsTable = page.getByRole('table', { name: "Tenants' usage" });
  await expect(tenantsTable.getByRole('link', { name: 'acme' })).toBeVisible();
  await expect(tenantsTable.getByRole('link', { name: 'globex' })).toHaveCount(
    0,
  );
  await tenantsTable.getByRole('link', { name: 'acme' }).click();
  await expect(page).toHaveURL(/\/billing\/tenants\/acme$/);
  await expect(
    page.getByRole('tab', { name: 'Tenant', selected: true }),
  ).toBeVisible();

  // The usage of the period holds the app's events, once.
  const usage = page.getByRole('table', { name: 'Usage', exact: true });
  await expect(
    usage.getByRole('row').filter({ hasText: eventType }),
  ).toContainText('4,242');

  // She raises a quota; the bar shows the new limit.
  await page.getByRole('button', { name: 'Edit quota tokens' }).click();
  const edit = page.getByRole('dialog');
  await edit.getByLabel('Limit').fill('7500000');
  await edit.getByLabel('Reason').fill('e2e launch');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByRole('listitem', { name: 'tokens' })).toContainText(
    'of 7,500,000',
  );
  await expect(page.getByRole('listitem', { name: 'tokens' })).toContainText(
    'set for this tenant',
  );
});

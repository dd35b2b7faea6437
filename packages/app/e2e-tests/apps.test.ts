import { APIRequestContext, expect, test } from '@playwright/test';
import { issueCredential, registerApp, signInAs, signOut } from './helpers';

const backend = 'http://localhost:7007';

/** What the app does with its credential: send one audit event of acme. */
function sendAuditEvent(request: APIRequestContext, token: string) {
  return request.post(`${backend}/api/audit/events`, {
    headers: { authorization: `Bearer ${token}` },
    data: {
      events: [
        {
          eventId: `e2e-${Date.now()}-${Math.random()}`,
          timestamp: new Date().toISOString(),
          actorId: 'user-42',
          eventType: 'login.failed',
          tenant: 'acme',
          outcome: 'failure',
        },
      ],
    },
  });
}

test('a developer registers an app and copies a credential shown once; an operator revokes it', async ({
  page,
  request,
}) => {
  // A new app per run: a reused running portal keeps what earlier runs made.
  const name = `e2e-${Date.now().toString(36)}`;

  await signInAs(page, 'Devon Developer');
  const appUrl = await registerApp(page, name, ['acme']);

  // The registered app becomes an App entity in the catalog (the catalog
  // reads the apps plugin every 15 seconds, every 2 in app-config.e2e.yaml).
  await page.getByRole('link', { name: 'View in catalog' }).click();
  await expect(page).toHaveURL(new RegExp(`/catalog/default/app/${name}$`));
  await expect(async () => {
    await page.reload();
    await expect(
      page.getByRole('heading', { name, exact: true }).first(),
    ).toBeVisible({ timeout: 5000 });
  }).toPass({ timeout: 90_000 });
  await page.goto(appUrl);

  const { token, shown } = await issueCredential(page, 'e2e events', [
    'audit:write',
  ]);
  await expect(shown.getByLabel('Secret shown once')).toBeVisible();
  expect(token).toMatch(/^cp_test_[a-z2-7]{16}\.[A-Za-z0-9_-]{43}$/);

  // The app authenticates with it on the audit API.
  expect((await sendAuditEvent(request, token)).status()).toBe(200);

  // Once closed, the secret is nowhere on the page.
  await shown.getByRole('button', { name: 'I have copied the secret' }).click();
  await expect(shown).toBeHidden();
  expect(await page.content()).not.toContain(token.split('.')[1]);
  const row = page
    .getByRole('table', { name: 'Credentials' })
    .getByRole('row')
    .filter({ hasText: 'e2e events' });
  await expect(row).toContainText(token.slice(0, 12));
  // Devon's team owns the app, so he may revoke its credentials too (his
  // grants are owner-scoped: another team's app offers him nothing).
  await expect(
    row.getByRole('button', { name: 'Revoke e2e events' }),
  ).toBeVisible();

  await signOut(page);
  await signInAs(page, 'Oscar Operator');
  await page.goto(appUrl);
  await row.getByRole('button', { name: 'Revoke e2e events' }).click();
  const confirm = page.getByRole('dialog');
  await expect(confirm).toContainText('Revoke e2e events');
  await confirm.getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toContainText(/revoked/i);

  // Every instance refuses the revoked credential within 5 seconds.
  await expect
    .poll(async () => (await sendAuditEvent(request, token)).status(), {
      timeout: 5000,
    })
    .toBe(401);
});

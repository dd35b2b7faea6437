import { expect, test } from '@playwright/test';
import { signInAs } from './helpers';

test('an operator provisions a tenant, opens it and invites a user', async ({
  page,
}) => {
  // A new tenant per run: the e2e backend's database is in memory, but a
  // reused running portal keeps what earlier runs made.
  const name = `e2e-${Date.now().toString(36)}`;
  const domain = `${name}.example`;

  await signInAs(page, 'Oscar Operator');
  await page.goto('/tenants');

  await page.getByRole('button', { name: 'Provision tenant' }).click();
  const wizard = page.getByRole('dialog');
  const next = wizard.getByRole('button', { name: 'Next' });

  // Client-side validation keeps the wizard on its first step.
  await next.click();
  await expect(wizard.getByText('Enter a name')).toBeVisible();

  await wizard.getByLabel(/^Name/).fill(name);
  await wizard.getByLabel(/^Display name/).fill('E2E Corp');
  await wizard.getByLabel(/^Domain/).fill(domain);
  await wizard.getByRole('button', { name: /Plan/ }).click();
  await page.getByRole('option', { name: 'starter' }).click();
  await next.click();
  await wizard.getByLabel(/^Owner email/).fill(`owner@${domain}`);
  await next.click();
  // An app of apps.initialApps: the apps plugin decides which apps serve a
  // tenant, and refuses names it does not know.
  await wizard.getByLabel(/^Applications/).fill('crm-connector');
  await next.click();
  await expect(wizard.getByText(`Owner: owner@${domain}`)).toBeVisible();
  await wizard.getByRole('button', { name: 'Provision' }).click();

  // The tenant's page opens, with the owner's invitation link (log mailer).
  await expect(page).toHaveURL(new RegExp(`/tenants/${name}$`));
  await expect(page.getByRole('heading', { name: 'E2E Corp' })).toBeVisible();
  await expect(page.getByText('Tenant provisioned')).toBeVisible();
  await expect(
    page.getByRole('link', { name: /Owner invitation link/ }),
  ).toBeVisible();
  await expect(page.getByText('Organization settings')).toBeVisible();
  // Read back from the apps plugin, the one source of truth.
  await expect(
    page.getByRole('row').filter({ hasText: /applications/i }),
  ).toContainText('crm-connector');

  // Invite a user by e-mail.
  await page.getByRole('tab', { name: 'Users' }).click();
  await page.getByRole('button', { name: 'Invite user' }).click();
  const invite = page.getByRole('dialog');
  await invite.getByLabel(/^Email/).fill(`sam@${domain}`);
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  await expect(
    page.getByText(`Invitation sent to sam@${domain}`),
  ).toBeVisible();

  // Both invitations are listed as pending.
  await page.getByRole('tab', { name: 'Invitations' }).click();
  const invitations = page.getByRole('table', { name: 'Invitations' });
  for (const email of [`sam@${domain}`, `owner@${domain}`]) {
    await expect(
      invitations.getByRole('row').filter({ hasText: email }),
    ).toContainText('pending');
  }

  // The new tenant is found by searching the list.
  await page.goto('/tenants');
  await page.getByLabel('Search tenants').fill(name);
  await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
});

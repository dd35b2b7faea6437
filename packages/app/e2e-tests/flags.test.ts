import { expect, test } from '@playwright/test';
import { signInAs } from './helpers';

test('an operator creates a flag, overrides it for a tenant and evaluates as that tenant', async ({
  page,
}) => {
  // A new flag per run: a reused running portal keeps what earlier runs made.
  const key = `e2e-${Date.now().toString(36)}`;

  await signInAs(page, 'Oscar Operator');
  await page.goto('/flags');

  // A boolean flag (variants on = true and off = false, default off) in
  // every environment.
  await page.getByRole('button', { name: 'Create flag' }).click();
  const create = page.getByRole('dialog');
  await create.getByLabel(/^Key/).fill(key);
  await create.getByLabel(/^Description/).fill('Created by the e2e test');
  await create.getByRole('button', { name: 'Create' }).click();

  // The new flag's page opens.
  await expect(page).toHaveURL(new RegExp(`/flags/${key}$`));
  await expect(page.getByRole('heading', { name: key })).toBeVisible();
  const development = page.getByRole('table', {
    name: 'Values in development',
  });
  await expect(development).toBeVisible();

  // acme (a tenant of the e2e setup) gets "on" in development.
  await page.getByRole('button', { name: 'Set tenant override' }).click();
  const override = page.getByRole('dialog');
  await override.getByLabel(/^Tenant/).fill('acme');
  await override.getByRole('button', { name: /Variant/ }).click();
  await page.getByRole('option', { name: 'on', exact: true }).click();
  await override.getByRole('button', { name: 'Save' }).click();
  await expect(override).toBeHidden();
  await expect(
    development.getByRole('row').filter({ hasText: 'Tenant acme' }),
  ).toContainText('on');

  // "Evaluate as" acme in development: the override decides.
  await page.goto('/flags');
  await page.getByRole('tab', { name: 'Evaluate as' }).click();
  await page.getByRole('textbox', { name: 'Tenant' }).fill('acme');
  await page.getByRole('textbox', { name: 'Targeting key' }).fill('user-1');
  await page.getByRole('button', { name: 'Evaluate' }).click();
  const row = page
    .getByRole('table', { name: 'Evaluation' })
    .getByRole('row')
    .filter({ hasText: key });
  await expect(row).toContainText('true');
  await expect(
    row.getByRole('cell', { name: 'on', exact: true }),
  ).toBeVisible();
  await expect(
    row.getByRole('cell', { name: 'tenant', exact: true }),
  ).toBeVisible();
});

test("a tenant owner sees the tenant's effective flags read-only", async ({
  page,
}) => {
  // Tina's group holds org-owner only in tenant acme: flags.tenant.read on
  // acme, and no basic permission such as flags.flag.read.
  await signInAs(page, 'Tina Tenant-Owner');
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Flags' })
    .click();
  await expect(page.getByRole('tab', { name: 'Tenant flags' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(
    page.getByRole('tab', { name: 'Flags', exact: true }),
  ).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Create flag' })).toHaveCount(
    0,
  );

  // acme, Tina's only tenant, is chosen already.
  const flags = page.getByRole('table', { name: 'Flags of acme' });
  // A flag of the demo seed in production, decided by acme's plan.
  await expect(
    flags.getByRole('row').filter({ hasText: 'ai_module_enabled' }),
  ).toContainText('plan');
});

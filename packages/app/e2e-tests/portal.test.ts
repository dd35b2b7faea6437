import { expect, test } from '@playwright/test';
import { signInAs, signOut } from './helpers';

test('an operator signs in and browses agents, their deployments and relations', async ({
  page,
}) => {
  await signInAs(page, 'Oscar Operator');

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
  // The home page counts what the catalog holds.
  await expect(
    page.getByRole('row', { name: 'Deployments in production 6' }),
  ).toBeVisible();

  await nav.getByRole('link', { name: 'Catalog', exact: true }).click();
  await page.goto('/catalog?filters[kind]=agent&filters[user]=all');
  await expect(page.getByText('All Agents (3)')).toBeVisible();
  for (const agent of [
    'Support triage agent',
    'Invoice extractor',
    'Sales assistant',
  ]) {
    await expect(page.getByRole('link', { name: agent })).toBeVisible();
  }

  await page.getByRole('link', { name: 'Support triage agent' }).click();
  await expect(
    page.getByRole('heading', { name: 'Support triage agent' }),
  ).toBeVisible();
  await expect(
    page.getByText('Classifies and routes incoming support tickets.'),
  ).toBeVisible();

  const deployments = page
    .getByRole('table')
    .filter({ hasText: 'Environment' });
  await expect(deployments.getByRole('row')).toHaveCount(5); // header + 4
  await expect(deployments.getByText('1.5.0-rc.1')).toBeVisible();
  await expect(deployments.getByText('production').first()).toBeVisible();
  await expect(
    deployments.getByRole('link', { name: 'Globex', exact: true }),
  ).toBeVisible();

  // The relation graph draws the control-plane relations.
  await expect(page.getByText('hasDeployment').first()).toBeVisible();
  await expect(page.getByText('ownerOf').first()).toBeVisible();
});

test('deployments can be filtered by environment and open on their own page', async ({
  page,
}) => {
  await signInAs(page, 'April Approver');

  await page.goto(
    '/catalog?filters[kind]=deployment&filters[user]=all&filters[environment]=production',
  );
  await expect(page.getByText('All Deployments (6)')).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'support-triage-acme-dev' }),
  ).toHaveCount(0);

  await page.getByRole('link', { name: 'support-triage-acme-prod' }).click();
  const card = page.getByRole('table').filter({ hasText: 'Runs' });
  await expect(card.getByText('1.4.1')).toBeVisible();
  await expect(
    card.getByRole('link', { name: 'Support triage agent', exact: true }),
  ).toBeVisible();
  await expect(
    card.getByRole('link', { name: 'Acme Corp', exact: true }),
  ).toBeVisible();
});

test('signing out returns to the demo user picker', async ({ page }) => {
  await signInAs(page, 'Ada Admin');
  await signOut(page);
});

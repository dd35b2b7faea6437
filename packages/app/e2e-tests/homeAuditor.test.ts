import { expect, test } from '@playwright/test';
import { backend, signInAs, tokenOf } from './helpers';

// A grant the seeded support-agent role does not have; granting it is a
// high-severity change (rbac.role-grant).
const grantPath = `${backend}/api/rbac/roles/support-agent/grants/rbac.role.read`;

// Leave the role as seeded, whatever happened in the test.
test.afterEach(async ({ request }) => {
  await request.delete(grantPath, {
    headers: { Authorization: `Bearer ${await tokenOf(request, 'ada')}` },
  });
});

test("an auditor's home page shows the chain's status and the recent high-severity changes, not the developer's cards", async ({
  page,
  request,
}) => {
  // Signing in waits until the catalog holds the demo users (the demo
  // tokens need them).
  await signInAs(page, 'Audrey Auditor');

  // Ada (platform admin) grants a permission through the RBAC API.
  const granted = await request.put(grantPath, {
    headers: { Authorization: `Bearer ${await tokenOf(request, 'ada')}` },
  });
  expect(granted.ok()).toBeTruthy();

  await page.reload();

  // "Audit chain": verified when the page loaded, with its checkpoints.
  await expect(page.getByText('Audit chain', { exact: true })).toBeVisible();
  await expect(
    page.getByText(/^Chain intact: \d+ records? verified$/),
  ).toBeVisible();
  await expect(page.getByText(/^Last verified /)).toBeVisible();
  await expect(
    page.getByText(
      /^(Latest signed checkpoint: record #\d+|No signed checkpoint yet\.)/,
    ),
  ).toBeVisible();

  // "Recent high-severity changes": Ada's grant, newest first, by her name.
  await expect(
    page.getByText('Recent high-severity changes', { exact: true }),
  ).toBeVisible();
  const change = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: 'rbac.role-grant' }) })
    .filter({ hasText: 'rbac-role support-agent · by Ada Admin' })
    .first();
  await expect(change).toBeVisible();
  await expect(change.getByLabel('severity high')).toBeVisible();

  // "Audit exports": downloads of the common ranges.
  await expect(
    page.getByRole('button', { name: 'Export the last 7 days as CSV' }),
  ).toBeVisible();

  // Nothing of the developer's: Audrey may not read flags. (She reads the
  // catalog, as every seeded role does: "My deployments", for catalog
  // readers, is hers too, and empty, since she owns no agent or app.)
  await expect(page.getByText('My stale flags', { exact: true })).toHaveCount(
    0,
  );
  await expect(
    page.getByText('You and your groups own no agents or apps.'),
  ).toBeVisible();

  // The change opens in the audit trail, its record in the drawer.
  await change.getByRole('link', { name: 'rbac.role-grant' }).click();
  await expect(page).toHaveURL(/\/audit\?record=[^&]+&severity=high&from=/);
  const drawer = page.getByRole('dialog', {
    name: 'Audit record: rbac.role-grant',
  });
  await expect(drawer).toBeVisible();
  await expect(drawer.getByText('"role": "support-agent"')).toBeVisible();
});

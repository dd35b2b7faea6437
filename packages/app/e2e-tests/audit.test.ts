import { expect, test } from '@playwright/test';
import { backend, signInAs, tokenOf } from './helpers';

// A grant the seeded support-agent role does not have.
const grantPath = `${backend}/api/rbac/roles/support-agent/grants/catalog.location.read`;

// Leave the role set as seeded, whatever happened in the test.
test.afterEach(async ({ request }) => {
  await request.delete(grantPath, {
    headers: { Authorization: `Bearer ${await tokenOf(request, 'ada')}` },
  });
});

test('an auditor finds an RBAC change, reads its before/after values and exports the trail', async ({
  page,
  request,
}) => {
  // Ada grants a permission through the RBAC API: an audited change.
  const granted = await request.put(grantPath, {
    headers: { Authorization: `Bearer ${await tokenOf(request, 'ada')}` },
  });
  expect(granted.ok()).toBeTruthy();

  // Audrey (auditor) finds it on the audit page.
  await signInAs(page, 'Audrey Auditor');
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await nav.getByRole('link', { name: 'Audit trail' }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByText('Audit records', { exact: true })).toBeVisible();

  await page.getByLabel('Action').fill('rbac.role-grant');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/[?&]action=rbac\.role-grant/);

  // Newest first: Ada's grant is the first row, Ada named as the catalog
  // names her, with a link to her catalog page.
  const row = page
    .getByRole('row')
    .filter({ hasText: 'rbac.role-grant' })
    .filter({ hasText: 'Ada Admin' })
    .first();
  await expect(row).toBeVisible();
  await expect(row.getByRole('link', { name: 'Ada Admin' })).toHaveAttribute(
    'href',
    '/catalog/default/user/ada',
  );
  await expect(row).toContainText('success');

  // Its details: the grants before and after, the new one marked as added.
  await row.getByRole('cell', { name: 'rbac.role-grant', exact: true }).click();
  const drawer = page.getByRole('dialog', {
    name: 'Audit record: rbac.role-grant',
  });
  await expect(drawer).toBeVisible();
  await expect(page).toHaveURL(/[?&]record=/);
  await expect(drawer.getByRole('table', { name: 'changes' })).toBeVisible();
  await expect(
    drawer.locator('[data-change="added"]', {
      hasText: 'catalog.location.read',
    }),
  ).toBeVisible();
  await expect(drawer.getByText('"role": "support-agent"')).toBeVisible();
  await expect(drawer.getByText('Previous hash')).toBeVisible();
  // Auditors read; nothing in the drawer edits the record.
  await expect(drawer.getByRole('button')).toHaveCount(1); // Close
  await drawer.getByRole('button', { name: 'Close' }).click();
  await expect(drawer).toBeHidden();

  // The export downloads through the API with Audrey's token.
  await page.getByRole('button', { name: 'Export' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export audit records' });
  await expect(dialog).toContainText('action = rbac.role-grant');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Download' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  await expect(dialog).toBeHidden();

  // The role's timeline, from the record's resource.
  await row
    .getByRole('link', { name: 'timeline of rbac-role support-agent' })
    .click();
  await expect(
    page.getByRole('heading', { name: 'History of rbac-role support-agent' }),
  ).toBeVisible();
  await page
    .getByRole('button', { name: 'rbac.role-grant by Ada Admin' })
    .first()
    .click();
  await expect(drawer).toBeVisible();
});

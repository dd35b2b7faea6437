import { APIRequestContext, expect, test } from '@playwright/test';
import { signInAs, signOut } from './helpers';

const backend = 'http://localhost:7007';
const grantPath = `${backend}/api/rbac/roles/support-agent/grants/rbac.role.read`;

async function adminToken(request: APIRequestContext) {
  const response = await request.get(`${backend}/api/auth/demo/refresh`, {
    headers: { 'x-controlplane-demo-user': 'ada' },
  });
  return (await response.json()).backstageIdentity.token as string;
}

// Leave the role set as seeded, whatever happened in the test.
test.afterEach(async ({ request }) => {
  await request.delete(grantPath, {
    headers: { Authorization: `Bearer ${await adminToken(request)}` },
  });
});

test('a permission granted in the matrix opens the page to the role members', async ({
  page,
}) => {
  // Sam (support-agent) may not see the roles yet.
  await signInAs(page, 'Sam Support');
  await page.goto('/rbac');
  await expect(page.getByText(/rbac\.role\.read/).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'platform-admin' })).toHaveCount(
    0,
  );
  await signOut(page);

  // Ada grants rbac.role.read to the support-agent role in the matrix.
  await signInAs(page, 'Ada Admin');
  await page.goto('/rbac/roles/support-agent');
  const cell = page
    .getByRole('row', { name: /rbac\.role\.read/ })
    .getByRole('checkbox');
  await expect(cell).not.toBeChecked();
  await cell.click();
  await expect(cell).toBeChecked();
  await expect(
    page.getByRole('button', { name: /rbac\.role\.read/ }).first(),
  ).toBeVisible();
  await signOut(page);

  // Sam now sees the roles.
  await signInAs(page, 'Sam Support');
  await page.goto('/rbac');
  await expect(
    page.getByRole('link', { name: 'platform-admin' }),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: 'support-agent' })).toBeVisible();
});

test('a tenant owner sees only the catalog entities of her tenant', async ({
  page,
}) => {
  // Tina's group holds org-owner only in tenant acme (rbac.initialMembers).
  await signInAs(page, 'Tina Tenant-Owner');
  await page.goto('/catalog?filters[kind]=deployment&filters[user]=all');
  await expect(page.getByText('All Deployments (7)')).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'support-triage-acme-prod' }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'billing-sync-globex-prod' }),
  ).toHaveCount(0);
  await page.goto('/catalog?filters[kind]=tenant&filters[user]=all');
  await expect(page.getByText('All Tenants (1)')).toBeVisible();
});

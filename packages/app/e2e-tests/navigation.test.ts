import { expect, test } from '@playwright/test';
import { signInAs, signOut } from './helpers';

const sidebar = (page: import('@playwright/test').Page) =>
  page.getByRole('navigation', { name: 'sidebar nav' });

test('the sidebar shows each user only the domain pages they may open', async ({
  page,
}) => {
  // Devon, a developer, works with apps but holds no RBAC or audit role.
  await signInAs(page, 'Devon Developer');
  await expect(sidebar(page).getByRole('link', { name: 'Apps' })).toBeVisible();
  await expect(
    sidebar(page).getByRole('link', { name: 'Access control' }),
  ).toHaveCount(0);
  await expect(
    sidebar(page).getByRole('link', { name: 'Audit trail' }),
  ).toHaveCount(0);

  // Opening the page anyway says which permission it needs, no error stack.
  await page.goto('/rbac');
  await expect(
    page.getByText('You need permission to open this page'),
  ).toBeVisible();
  await expect(page.getByText('rbac.role.read')).toBeVisible();
  await signOut(page);

  // A platform admin sees every domain page.
  await signInAs(page, 'Ada Admin');
  for (const title of ['Tenants', 'Apps', 'Audit trail', 'Access control']) {
    await expect(
      sidebar(page).getByRole('link', { name: title }),
    ).toBeVisible();
  }
});

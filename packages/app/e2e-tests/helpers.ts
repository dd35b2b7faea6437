import { expect, Page } from '@playwright/test';

/** Signs in on the local demo sign-in page as the user with this name. */
export async function signInAs(page: Page, displayName: string) {
  // Right after the backend starts, the catalog may not have ingested the
  // demo users yet: the picker shows them once it has.
  const user = page.getByRole('button', { name: new RegExp(displayName) });
  await expect(async () => {
    await page.goto('/');
    await expect(
      page.getByRole('heading', { name: 'Sign in as a demo user' }),
    ).toBeVisible();
    await expect(user).toBeVisible({ timeout: 5000 });
  }).toPass({ timeout: 90_000 });
  await user.click();
  await expect(page.getByText('About this portal')).toBeVisible();
}

/** Signs out from the settings page and waits for the demo user picker. */
export async function signOut(page: Page) {
  await page.goto('/settings');
  await page.getByTestId('user-settings-menu').click();
  await page.getByRole('menuitem', { name: /sign out/i }).click();
  await expect(
    page.getByRole('heading', { name: 'Sign in as a demo user' }),
  ).toBeVisible();
}

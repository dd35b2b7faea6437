import { expect, Page } from '@playwright/test';

/** Signs in on the local demo sign-in page as the user with this name. */
export async function signInAs(page: Page, displayName: string) {
  await page.goto('/');
  await expect(
    page.getByRole('heading', { name: 'Sign in as a demo user' }),
  ).toBeVisible();
  await page.getByRole('button', { name: new RegExp(displayName) }).click();
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

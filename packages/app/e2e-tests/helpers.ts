import { APIRequestContext, expect, Locator, Page } from '@playwright/test';

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
  await expect(page.getByText('Control plane at a glance')).toBeVisible();
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

/**
 * Registers an app owned by `owner` for `tenants` at /apps, as the signed-in
 * user, and waits for its page; answers the page's URL.
 */
export async function registerApp(
  page: Page,
  name: string,
  tenants: string[],
  owner = 'group:default/team-agents',
): Promise<string> {
  await page.goto('/apps');
  await page.getByRole('button', { name: 'Register app' }).click();
  const register = page.getByRole('dialog');
  await register.getByLabel(/^Name/).fill(name);
  await register.getByLabel(/^Owner/).fill(owner);
  const tenantsField = register.getByLabel(/^Tenants/);
  for (const tenant of tenants) {
    await tenantsField.fill(tenant);
    await tenantsField.press('Enter');
  }
  await register.getByRole('button', { name: 'Register' }).click();
  await expect(page).toHaveURL(/\/apps\/[0-9a-f-]{36}$/);
  return page.url();
}

/**
 * Issues a credential named `name` with `scopes` on the app page that is
 * open; answers its token and the dialog that shows it once (still open).
 */
export async function issueCredential(
  page: Page,
  name: string,
  scopes: string[],
): Promise<{ token: string; shown: Locator }> {
  await page.getByRole('button', { name: 'Issue credential' }).click();
  const issue = page.getByRole('dialog');
  await issue.getByLabel(/^Name/).fill(name);
  for (const scope of scopes) {
    await issue.getByRole('checkbox', { name: new RegExp(scope) }).check();
  }
  await issue.getByRole('button', { name: 'Issue' }).click();
  const shown = page.getByRole('dialog', { name: 'Credential issued' });
  const token = await shown.getByLabel('Token', { exact: true }).inputValue();
  return { token, shown };
}

/** The portal the tests run against. */
export const backend = 'http://localhost:7007';

/**
 * A demo user's Backstage token, as the demo sign-in issues it (for calling
 * the REST APIs as that user). The catalog must hold the demo users already:
 * sign someone in first.
 */
export async function tokenOf(request: APIRequestContext, user: string) {
  const response = await request.get(`${backend}/api/auth/demo/refresh`, {
    headers: {
      'x-controlplane-demo-user': user,
      'x-requested-with': 'XMLHttpRequest',
    },
  });
  expect(response.ok()).toBeTruthy();
  return (await response.json()).backstageIdentity.token as string;
}

/**
 * The title of the home page card titled exactly `title` (a card's header,
 * not a link of the same words inside another card).
 */
export const homeCardTitle = (page: Page, title: string) =>
  page
    .locator('.react-grid-item .MuiCardHeader-title')
    .filter({ hasText: new RegExp(`^${title.replace(/[()]/g, '\\$&')}$`) });

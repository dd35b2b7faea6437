import { APIRequestContext, expect, test } from '@playwright/test';
import { backend, signInAs, signOut, tokenOf } from './helpers';

// analytics-portal runs 0.5.0 in acme's development and nowhere else
// (promotions.initialDeployments): no other test asks to promote it, nor is
// notified of it.
const target = 'app:default/analytics-portal';
const requests = `${backend}/api/promotions/requests`;

/** Devon withdraws his open requests for the agent (a reused portal may hold one). */
async function withdrawOpen(request: APIRequestContext, token: string) {
  const headers = { authorization: `Bearer ${token}` };
  const open = await request.get(
    `${requests}?mine=true&status=requested,approved&target=${encodeURIComponent(
      target,
    )}`,
    { headers },
  );
  expect(open.ok()).toBeTruthy();
  for (const { id } of (await open.json()).items as { id: string }[]) {
    const withdrawn = await request.post(`${requests}/${id}/withdraw`, {
      headers,
      data: { reason: 'e2e: cleaning up' },
    });
    expect(withdrawn.ok()).toBeTruthy();
  }
}

test.afterEach(async ({ request }) => {
  await withdrawOpen(request, await tokenOf(request, 'devon'));
});

test("an approver finds a developer's request waiting for their decision on the home page and opens it; the developer sees it among their pending promotions", async ({
  page,
  request,
}) => {
  const title = `e2e home approval ${Date.now().toString(36)}`;

  // Signing in waits until the catalog holds the demo users (the demo
  // tokens need them).
  await signInAs(page, 'Devon Developer');
  const devon = await tokenOf(request, 'devon');
  await withdrawOpen(request, devon);

  // Devon asks to promote analytics-portal 0.5.0 to staging for acme.
  const created = await request.post(requests, {
    headers: { authorization: `Bearer ${devon}` },
    data: {
      target,
      tenant: 'acme',
      sourceEnvironment: 'development',
      version: '0.5.0',
      title,
    },
  });
  expect(created.status()).toBe(201);
  const { id, status } = await created.json();
  expect(status).toBe('requested');
  const requestPage = `/promotions/requests/${id}`;
  const item = page.getByRole('listitem').filter({
    has: page.locator(`a[href="${requestPage}"]`),
  });

  // Devon's home page: his request among his pending promotions, waiting;
  // no "Waiting for my decision" (he may not approve).
  await page.reload();
  await expect(
    page.getByText('My pending promotions', { exact: true }),
  ).toBeVisible();
  await expect(
    item.getByRole('link', { name: 'Analytics portal 0.5.0' }),
  ).toBeVisible();
  await expect(item).toContainText('acme · development → staging · requested');
  await expect(item).toContainText('0 / 1 approvals');
  await expect(item.getByText('requested', { exact: true })).toBeVisible();
  await expect(
    page.getByText('Waiting for my decision', { exact: true }),
  ).toHaveCount(0);
  await signOut(page);

  // April's home page: the request waits for her decision, with its age.
  await signInAs(page, 'April Approver');
  await expect(
    page.getByText('Waiting for my decision', { exact: true }),
  ).toBeVisible();
  await expect(item).toContainText(
    /acme · development → staging · waiting (under a minute|\d+ minutes?)/,
  );
  await expect(
    page.getByRole('heading', { name: /^Decided today: \d+\+?$/ }),
  ).toBeVisible();
  // Not a developer: no pending promotions of her own.
  await expect(
    page.getByText('My pending promotions', { exact: true }),
  ).toHaveCount(0);

  // It opens the request's page.
  await item.getByRole('link', { name: 'Analytics portal 0.5.0' }).click();
  await expect(page).toHaveURL(new RegExp(`${requestPage}$`));
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Approve' })).toBeVisible();
});

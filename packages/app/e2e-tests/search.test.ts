import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { backend, signInAs, signOut, tokenOf } from './helpers';

/** The locations of what the holder of `token` finds for `term`. */
async function found(
  request: APIRequestContext,
  token: string,
  term: string,
): Promise<string[]> {
  const res = await request.get(`${backend}/api/search/query`, {
    params: { term },
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.ok()).toBeTruthy();
  const body = (await res.json()) as {
    results: Array<{ document: { location: string } }>;
  };
  return body.results.map(result => result.document.location);
}

/** Opens the sidebar's search and types `term`; answers the search dialog. */
async function searchFromSidebar(page: Page, term: string) {
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('button', { name: 'Search' })
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Search' }).fill(term);
  return dialog;
}

test('search finds a tenant, a flag key and an incident title, and a tenant owner only what is theirs', async ({
  page,
  request,
}) => {
  // New names per run: a reused running portal keeps what earlier runs made.
  const run = Date.now().toString(36);
  const flagKey = `search-e2e-${run}`;
  const incidentTitle = `Search e2e outage ${run}`;

  // Signing in waits until the catalog holds the demo users (the demo
  // tokens need them).
  await signInAs(page, 'Ada Admin');
  const ada = await tokenOf(request, 'ada');
  const headers = { authorization: `Bearer ${ada}` };

  // A flag and a globex incident, through the REST APIs.
  const flag = await request.post(`${backend}/api/flags/flags`, {
    headers,
    data: {
      key: flagKey,
      description: 'Made by the search end-to-end test',
      type: 'boolean',
      variants: [
        { name: 'on', value: true },
        { name: 'off', value: false },
      ],
      defaultVariant: 'off',
    },
  });
  expect(flag.status()).toBe(201);
  const incident = await request.post(`${backend}/api/incidents/incidents`, {
    headers,
    data: {
      title: incidentTitle,
      severity: 'SEV2',
      priority: 'high',
      category: 'performance',
      tenant: 'globex',
    },
  });
  expect(incident.status()).toBe(201);
  const incidentPath = `/incidents/${(await incident.json()).id}`;

  // The index takes them in on its next run (every 3 s in the e2e
  // configuration): ask the search API until it has both.
  await expect
    .poll(
      async () => [
        ...(await found(request, ada, flagKey)),
        ...(await found(request, ada, incidentTitle)),
      ],
      { timeout: 60_000 },
    )
    .toEqual(expect.arrayContaining([`/flags/${flagKey}`, incidentPath]));

  // From the sidebar: "acme" finds the tenant, whose page opens.
  let dialog = await searchFromSidebar(page, 'acme');
  // Shown as the tenants plugin shows a tenant: with its plan.
  await expect(
    dialog.getByText('enterprise plan', { exact: true }),
  ).toBeVisible();
  await dialog.locator('a[href="/tenants/acme"]').first().click();
  await expect(page).toHaveURL(/\/tenants\/acme$/);
  await expect(page.getByRole('heading', { name: 'Acme Corp' })).toBeVisible();

  // The flag by its key.
  dialog = await searchFromSidebar(page, flagKey);
  await dialog.getByRole('link', { name: flagKey, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/flags/${flagKey}$`));
  await expect(page.getByRole('heading', { name: flagKey })).toBeVisible();

  // The incident by its title.
  dialog = await searchFromSidebar(page, incidentTitle);
  await dialog.getByRole('link', { name: incidentTitle, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${incidentPath}$`));
  await expect(
    page.getByRole('heading', { name: incidentTitle }),
  ).toBeVisible();

  // Tina owns acme (org-owner within acme): she finds acme, nothing of
  // globex or initech, and no flag definitions (not hers to read).
  await signOut(page);
  await signInAs(page, 'Tina Tenant-Owner');
  const tina = await tokenOf(request, 'tina');
  expect(await found(request, tina, 'acme')).toContain('/tenants/acme');
  for (const term of ['globex', 'initech']) {
    expect(await found(request, tina, term)).toEqual([]);
  }
  expect(await found(request, tina, incidentTitle)).not.toContain(incidentPath);
  expect(await found(request, tina, flagKey)).not.toContain(
    `/flags/${flagKey}`,
  );

  // And so from the sidebar: acme's page, then no result for globex.
  dialog = await searchFromSidebar(page, 'acme');
  const acmeLink = dialog.locator('a[href="/tenants/acme"]').first();
  await expect(acmeLink).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Search' }).fill('globex');
  await expect(acmeLink).toHaveCount(0);
  await expect(dialog.getByText('Sorry, no results were found')).toBeVisible();
  await expect(dialog.locator('a[href="/tenants/globex"]')).toHaveCount(0);
});

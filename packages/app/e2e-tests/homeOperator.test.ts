import { expect, test } from '@playwright/test';
import { backend, homeCardTitle, signInAs, tokenOf } from './helpers';

const incidents = `${backend}/api/incidents/incidents`;
let opened: string | undefined;

// Resolve the incident again, whatever happened in the test.
test.afterEach(async ({ request }) => {
  if (!opened) return;
  await request.post(`${incidents}/${opened}/transition`, {
    headers: { authorization: `Bearer ${await tokenOf(request, 'oscar')}` },
    data: { action: 'resolve', note: 'e2e: cleaning up' },
  });
  opened = undefined;
});

test("an operator's home page shows the open incidents by severity and the platform's health tiles, not the approver's card", async ({
  page,
  request,
}) => {
  // A new title per run: a reused running portal keeps what earlier runs made.
  const title = `e2e operator incident ${Date.now().toString(36)}`;

  // Signing in waits until the catalog holds the demo users (the demo
  // tokens need them).
  await signInAs(page, 'Oscar Operator');

  // Oscar opens a SEV3 incident through the REST API (no entity: it
  // freezes nothing).
  const created = await request.post(incidents, {
    headers: { authorization: `Bearer ${await tokenOf(request, 'oscar')}` },
    data: {
      title,
      severity: 'SEV3',
      priority: 'medium',
      category: 'performance',
      tenant: 'acme',
    },
  });
  expect(created.status()).toBe(201);
  opened = (await created.json()).id as string;

  await page.reload();

  // "Open incidents by severity": SEV3 counts it, linked to the queue of
  // SEV3; it is the newest, linked to its page.
  await expect(
    page.getByText('Open incidents by severity', { exact: true }),
  ).toBeVisible();
  const counts = page.getByRole('region', {
    name: 'Open incidents by severity',
  });
  const sev3 = counts.getByRole('link', { name: /^SEV3: [1-9]\d* open$/ });
  await expect(sev3).toHaveAttribute('href', '/incidents/queue?severity=SEV3');
  for (const severity of ['SEV1', 'SEV2', 'SEV4']) {
    await expect(
      counts.getByRole('link', {
        name: new RegExp(`^${severity}: \\d+ open$`),
      }),
    ).toBeVisible();
  }
  const newest = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: title }) })
    .first();
  await expect(newest).toContainText('SEV3 · acme · opened');
  await expect(newest.getByRole('link', { name: title })).toHaveAttribute(
    'href',
    `/incidents/${opened}`,
  );

  // "Platform health": the dashboard's tiles, the whole platform's.
  await expect(
    page.getByText('Platform health', { exact: true }),
  ).toBeVisible();
  for (const tile of ['API', 'Database', 'Scheduled jobs']) {
    await expect(page.getByRole('region', { name: tile })).toBeVisible();
  }
  await expect(
    page.getByRole('link', { name: 'Open the platform dashboard' }),
  ).toHaveAttribute('href', '/platform');

  // Not an approver: no "Waiting for my decision". Nor the cards of a
  // tenant's own people: an operator reads every tenant and belongs to none.
  await expect(homeCardTitle(page, 'Open incidents by severity')).toHaveCount(
    1,
  );
  for (const other of [
    'Waiting for my decision',
    'My tenant',
    'Usage and budget',
    'Open tickets',
    'My apps',
  ]) {
    await expect(homeCardTitle(page, other)).toHaveCount(0);
  }

  // The incident opens on its page.
  await newest.getByRole('link', { name: title }).click();
  await expect(page).toHaveURL(new RegExp(`/incidents/${opened}$`));
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
});

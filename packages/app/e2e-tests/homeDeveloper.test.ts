import { expect, test } from '@playwright/test';
import { backend, signInAs, tokenOf } from './helpers';

test("a developer's home page shows their deployments and their team's stale flags, not the auditor's cards", async ({
  page,
  request,
}) => {
  // A new flag per run: a reused running portal keeps what earlier runs made.
  const key = `e2e-stale-${Date.now().toString(36)}`;

  // Signing in waits until the catalog holds the demo users (the demo
  // tokens need them).
  await signInAs(page, 'Devon Developer');

  // Through the flags REST API as Oscar (operator): a flag owned by Devon's
  // team, then deprecated: past its planned lifecycle, it waits for its
  // owners to archive it. (A flag is "potentially stale" only after
  // flags.staleAfterDays, at least a day, without change or evaluation:
  // that cannot be made through the API in a test.)
  const oscar = {
    authorization: `Bearer ${await tokenOf(request, 'oscar')}`,
  };
  const created = await request.post(`${backend}/api/flags/flags`, {
    headers: oscar,
    data: {
      key,
      description: 'Replaced; the e2e test deprecates it',
      type: 'boolean',
      variants: [
        { name: 'on', value: true },
        { name: 'off', value: false },
      ],
      defaultVariant: 'off',
      owner: 'group:default/team-agents',
      // Not in production: deprecating it needs no reason.
      environments: ['development'],
    },
  });
  expect(created.status()).toBe(201);
  const deprecated = await request.patch(`${backend}/api/flags/flags/${key}`, {
    headers: oscar,
    data: { lifecycle: 'deprecated' },
  });
  expect(deprecated.status()).toBe(200);

  await page.reload();

  // "My stale flags": the deprecated flag, with its lifecycle and age.
  await expect(page.getByText('My stale flags', { exact: true })).toBeVisible();
  const flag = page.getByRole('listitem').filter({
    has: page.getByRole('link', { name: key, exact: true }),
  });
  await expect(flag).toContainText(
    /deprecated · changed (just now|\d+ min ago)/,
  );
  await expect(flag).toContainText('never evaluated');
  // Flags of other teams (the demo flags are team-apps') are not his.
  await expect(
    page.getByRole('link', { name: 'ai_module_enabled', exact: true }),
  ).toHaveCount(0);

  // "My deployments": team-agents' support-triage agent and its
  // deployments per environment (the demo estate of the promotions plugin).
  await expect(page.getByText('My deployments', { exact: true })).toBeVisible();
  // (Listed by title, as the catalog has it.)
  const triage = page.getByRole('listitem').filter({
    has: page.getByRole('link', { name: 'Support triage agent', exact: true }),
  });
  // (Versions change as other tests promote it.)
  await expect(triage).toContainText(
    /Agent · development: acme \S+ · staging: acme \S+ · production: acme \S+, globex \S+/,
  );
  await expect(
    triage.getByRole('link', { name: 'Support triage agent', exact: true }),
  ).toHaveAttribute('href', '/catalog/default/agent/support-triage');

  // Nothing of the auditor's: Devon holds no audit permission.
  for (const title of [
    'Audit chain',
    'Recent high-severity changes',
    'Audit exports',
  ]) {
    await expect(page.getByText(title, { exact: true })).toHaveCount(0);
  }

  // The flag opens on its page.
  await flag.getByRole('link', { name: key, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/flags/${key}$`));
  await expect(page.getByRole('heading', { name: key })).toBeVisible();
});

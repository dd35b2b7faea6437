import { expect, test } from '@playwright/test';
import { backend, signInAs, tokenOf } from './helpers';

test('a support agent opens an incident, assigns it, sees the flag change that preceded it in the timeline, and resolves it', async ({
  page,
  request,
}) => {
  // New names per run: a reused running portal keeps what earlier runs made.
  const run = Date.now().toString(36);
  const flagKey = `e2e-incident-${run}`;
  const title = `e2e incident ${run}`;

  // Signing in waits until the catalog holds the demo users (the demo
  // tokens need them).
  await signInAs(page, 'Sam Support');

  // The preceding change, through the flags REST API as Oscar (operator):
  // a new flag, audited as flags.flag-create.
  const created = await request.post(`${backend}/api/flags/flags`, {
    headers: { authorization: `Bearer ${await tokenOf(request, 'oscar')}` },
    data: {
      key: flagKey,
      description: 'Changed just before the e2e incident',
      type: 'boolean',
      variants: [
        { name: 'on', value: true },
        { name: 'off', value: false },
      ],
      defaultVariant: 'off',
    },
  });
  expect(created.status()).toBe(201);

  // Sam (support agent: incidents.incident.*) opens the incident.
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Incidents' })
    .click();
  await expect(page).toHaveURL(/\/incidents$/);
  await page.getByRole('button', { name: 'New incident' }).click();
  const create = page.getByRole('dialog');
  await create.getByLabel(/^Title/).fill(title);
  await create.getByLabel(/^Tenant/).fill('acme');
  // The affected agent, chosen by its name among the catalog's agents.
  await create.getByLabel(/^Affected entities/).fill('support triage');
  await page
    .getByRole('option', { name: /^Support triage agent agent:default\// })
    .click();
  await expect(
    create.getByRole('button', { name: 'Support triage agent' }),
  ).toBeVisible();
  await create.getByRole('button', { name: 'Open incident' }).click();

  // Its page opens: open, unassigned, reported by Sam.
  await expect(page).toHaveURL(/\/incidents\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByLabel('Status', { exact: true })).toHaveText('open');
  await expect(page.getByLabel('Reporter')).toHaveText('Sam Support');
  await expect(page.getByLabel('Assignee', { exact: true })).toHaveText(
    'unassigned',
  );

  // Sam assigns it to themself.
  await page.getByRole('button', { name: 'Assign to me' }).click();
  await expect(page.getByLabel('Assignee', { exact: true })).toHaveText(
    'Sam Support',
  );
  const timeline = page.getByRole('list', { name: 'Timeline' });
  await expect(
    timeline.getByRole('listitem', {
      name: 'field: assignee: nobody → user:default/sam',
    }),
  ).toBeVisible();

  // The flag change shows in the timeline, marked as a related change (the
  // audit trail may take a moment to hold it: read again until it does).
  // The last hour only: changes of other runs on a reused portal stay out.
  await expect(async () => {
    await page.reload();
    await page.getByRole('button', { name: /Related changes from/ }).click();
    await page.getByRole('option', { name: '1 h before' }).click();
    await expect(
      timeline.getByRole('listitem', {
        name: new RegExp(`^Related change: flags\\.flag-create .*${flagKey}`),
      }),
    ).toBeVisible({ timeout: 5000 });
  }).toPass({ timeout: 60_000 });

  // Sam resolves it with a note: resolved, with its time to resolve.
  await page.getByRole('button', { name: 'Resolve' }).click();
  const resolve = page.getByRole('dialog');
  await resolve
    .getByLabel(/^Resolution note/)
    .fill(`Rolled back the flag ${flagKey}`);
  await resolve.getByRole('button', { name: 'Resolve' }).click();
  await expect(resolve).toBeHidden();
  await expect(page.getByLabel('Status', { exact: true })).toHaveText(
    'resolved',
  );
  await expect(page.getByLabel('Time to resolve')).not.toHaveText('—');
  await expect(
    timeline.getByRole('listitem', {
      name: `status: open → resolved: Rolled back the flag ${flagKey}`,
    }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reopen' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Resolve' })).toHaveCount(0);
});

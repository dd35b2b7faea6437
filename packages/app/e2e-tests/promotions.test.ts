import { expect, test } from '@playwright/test';
import { signInAs, signOut } from './helpers';

test('a developer asks to promote an agent to production, an approver approves it from the inbox, and the catalog shows the new version', async ({
  page,
}) => {
  // The demo estate (promotions.initialDeployments): support-triage runs
  // 1.4.2 in staging and 1.4.1 in production for acme. The e2e backend
  // starts on an empty in-memory database, so the promotion is new.
  const title = `e2e promotion ${Date.now().toString(36)}`;

  await signInAs(page, 'Devon Developer');
  await page.goto('/promotions');
  await page.getByRole('button', { name: 'New request' }).click();
  const create = page.getByRole('dialog');
  await create.getByLabel(/^Target/).fill('agent:default/support-triage');
  await create.getByLabel(/^Tenant/).fill('acme');
  // From staging (the default) to the next environment.
  await expect(create.getByLabel('Next environment')).toHaveText(
    'Promotes to production',
  );
  await create.getByLabel(/^Version/).fill('1.4.2');
  await create.getByLabel(/^Title/).fill(title);
  await create.getByRole('button', { name: 'Add change' }).click();
  await create.getByLabel('Change 1 field').fill('model');
  await create.getByLabel('Change 1 before').fill('gpt-4o');
  await create.getByLabel('Change 1 after').fill('gpt-4.1');
  await create.getByRole('button', { name: 'Request' }).click();

  // The new request's page opens, waiting for an approval.
  await expect(page).toHaveURL(/\/promotions\/requests\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByText('requested', { exact: true })).toBeVisible();
  // Nobody decides their own request.
  await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await signOut(page);

  await signInAs(page, 'April Approver');
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Promotions' })
    .click();
  await expect(page.getByRole('tab', { name: 'Inbox' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  const inbox = page.getByRole('table', { name: 'Inbox' });
  await inbox
    .getByRole('link', {
      name: 'Request agent:default/support-triage acme 1.4.2',
    })
    .click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(
    page
      .getByRole('table', { name: 'Changes' })
      .getByRole('row')
      .filter({ hasText: 'model' }),
  ).toContainText('gpt-4.1');

  await page.getByRole('button', { name: 'Approve' }).click();
  const approve = page.getByRole('dialog');
  await approve.getByLabel('Comment (optional)').fill('Looks good');
  await approve.getByRole('button', { name: 'Approve' }).click();
  await expect(approve).toBeHidden();

  // One approval is production's quorum: the version is applied at once.
  await expect(page.getByText('applied', { exact: true })).toBeVisible();
  const decisions = page.getByRole('table', { name: 'Decisions' });
  await expect(
    decisions.getByRole('row').filter({ hasText: 'Looks good' }),
  ).toContainText('April Approver');

  // The catalog reads the deployment from the promotions backend within
  // seconds: acme's production deployment of the agent runs 1.4.2.
  await page.goto('/catalog/default/agent/support-triage');
  await expect(async () => {
    await page.reload();
    await expect(
      page.getByRole('row').filter({ hasText: 'support-triage-acme-prod' }),
    ).toContainText('1.4.2', { timeout: 5000 });
  }).toPass({ timeout: 90_000 });
});

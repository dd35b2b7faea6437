import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { backend, signInAs, signOut, tokenOf } from './helpers';

const run = Date.now().toString(36);

/** A promotion Devon asks for through the API; answers its id. */
async function requestAsDevon(
  request: APIRequestContext,
  body: {
    target: string;
    tenant: string;
    sourceEnvironment: string;
    version: string;
    title: string;
  },
): Promise<string> {
  const response = await request.post(`${backend}/api/promotions/requests`, {
    headers: { Authorization: `Bearer ${await tokenOf(request, 'devon')}` },
    data: body,
  });
  expect(response.status()).toBe(201);
  const created = await response.json();
  // It waits for the approvers (the notification is sent before the answer).
  expect(created.status).toBe('requested');
  return created.id as string;
}

/** The titles of April's promotion-waiting notifications, read and unread. */
async function aprilsWaitingTitles(request: APIRequestContext) {
  const response = await request.get(
    `${backend}/api/notifications/notifications?topic=promotion-waiting&limit=100`,
    { headers: { Authorization: `Bearer ${await tokenOf(request, 'april')}` } },
  );
  expect(response.ok()).toBeTruthy();
  return (await response.json()).notifications.map(
    (n: { payload: { title: string } }) => n.payload.title,
  ) as string[];
}

/** April's switch of the promotion-waiting topic in her settings. */
async function waitingTopicSwitch(page: Page) {
  await expect(page).toHaveURL(/\/settings\/notifications$/);
  const promotions = page.getByRole('row').filter({ hasText: 'Promotions' });
  await promotions.getByRole('button', { name: 'expand row' }).click();
  return page
    .getByRole('row')
    .filter({ hasText: 'Promotion waiting' })
    .getByRole('switch');
}

async function setSwitch(page: Page, on: boolean) {
  const toggle = await waitingTopicSwitch(page);
  await expect(toggle).toBeChecked({ checked: !on });
  const saved = page.waitForResponse(
    response =>
      response.url().endsWith('/api/notifications/settings') &&
      response.request().method() === 'POST',
  );
  // The switch shows the saved settings: it turns once the backend answers.
  await toggle.click({ force: true });
  expect((await saved).ok()).toBeTruthy();
  await expect(toggle).toBeChecked({ checked: on });
}

test('an approver is notified of a waiting promotion, opens the request from the notification, and no longer hears of that topic once she mutes it', async ({
  page,
  request,
}) => {
  // Devon asks to promote invoice-extractor 0.9.0 from staging to
  // production for acme (the demo estate), as on the promotions page.
  const title = `e2e notified promotion ${run}`;
  await signInAs(page, 'Devon Developer');
  await page.goto('/promotions');
  await page.getByRole('button', { name: 'New request' }).click();
  const create = page.getByRole('dialog');
  await create.getByLabel(/^Target/).fill('agent:default/invoice-extractor');
  await create.getByLabel(/^Tenant/).fill('acme');
  await expect(create.getByLabel('Next environment')).toHaveText(
    'Promotes to production',
  );
  await create.getByLabel(/^Version/).fill('0.9.0');
  await create.getByLabel(/^Title/).fill(title);
  await create.getByRole('button', { name: 'Request' }).click();
  await expect(page).toHaveURL(/\/promotions\/requests\/[0-9a-f-]{36}$/);
  const requestUrl = new URL(page.url()).pathname;
  await signOut(page);

  // April (approvers) has an unread notification: the tab title counts it
  // and the sidebar's Notifications entry leads to it.
  await signInAs(page, 'April Approver');
  await expect(page).toHaveTitle(/^\(\d+\) /);
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Notifications' })
    .click();
  await expect(page).toHaveURL(/\/notifications$/);
  const waiting = page.getByRole('region', { name: 'Promotion waiting' });
  const notification = waiting.getByRole('link', {
    name: 'Promotion waiting: agent:default/invoice-extractor 0.9.0 to production',
  });
  await expect(notification).toBeVisible();
  await notification.click();

  // It opens the request, where she decides.
  await expect(page).toHaveURL(new RegExp(`${requestUrl}$`));
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Approve' })).toBeVisible();

  // She mutes the topic in her notification settings.
  await page.goto('/notifications');
  await page.getByRole('button', { name: 'Mute topics' }).click();
  await setSwitch(page, false);

  // Devon's next request does not reach her.
  const mutedTitle =
    'Promotion waiting: app:default/billing-sync 2.2.0-beta.2 to production';
  await requestAsDevon(request, {
    target: 'app:billing-sync',
    tenant: 'globex',
    sourceEnvironment: 'staging',
    version: '2.2.0-beta.2',
    title: `e2e muted promotion ${run}`,
  });
  expect(await aprilsWaitingTitles(request)).not.toContain(mutedTitle);
  await page.goto('/notifications');
  await page.getByRole('button', { name: /Unread/ }).click();
  await page.getByRole('option', { name: 'All' }).click();
  await expect(waiting.getByRole('link', { name: mutedTitle })).toHaveCount(0);
  await expect(
    waiting.getByRole('link', {
      name: 'Promotion waiting: agent:default/invoice-extractor 0.9.0 to production',
    }),
  ).toBeVisible();

  // Turned on again, the topic reaches her again.
  await page.goto('/settings/notifications');
  await setSwitch(page, true);
  await requestAsDevon(request, {
    target: 'agent:support-triage',
    tenant: 'acme',
    sourceEnvironment: 'development',
    version: '1.5.0-rc.1',
    title: `e2e unmuted promotion ${run}`,
  });
  expect(await aprilsWaitingTitles(request)).toContain(
    'Promotion waiting: agent:default/support-triage 1.5.0-rc.1 to staging',
  );
});

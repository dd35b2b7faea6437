import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { backend, signInAs, tokenOf } from './helpers';

/** A card of the home page's grid, by its title. */
const card = (page: Page, title: string) =>
  page
    .locator('.react-grid-item')
    .filter({ has: page.getByText(title, { exact: true }) });

/** Invites `email` to `tenant` as the holder of `token`; answers the accept token. */
async function invite(
  request: APIRequestContext,
  token: string,
  tenant: string,
  email: string,
): Promise<string> {
  const invited = await request.post(
    `${backend}/api/tenants/tenants/${tenant}/invitations`,
    {
      headers: { authorization: `Bearer ${token}` },
      data: { email, role: 'user' },
    },
  );
  expect(invited.status()).toBe(201);
  // Locally the log mailer answers the link (and writes it to the log).
  return new URL((await invited.json()).acceptUrl).searchParams.get('token')!;
}

test("a tenant owner's home page shows her tenant's users, invitations, usage and budget, and nothing of the other tenants", async ({
  page,
  request,
}) => {
  // New names per run: a reused running portal keeps what earlier runs made.
  const run = Date.now().toString(36);
  const joined = `e2e-joined-${run}@acme.example`;
  const pending = `e2e-pending-${run}@acme.example`;

  // Signing in waits until the catalog holds the demo users (the demo
  // tokens need them).
  await signInAs(page, 'Tina Tenant-Owner');
  const tina = await tokenOf(request, 'tina');
  const ada = await tokenOf(request, 'ada');

  // Through the REST APIs: Tina invites two users to acme; one accepts.
  const accepted = await request.post(
    `${backend}/api/tenants/invitations/accept`,
    { data: { token: await invite(request, tina, 'acme', joined) } },
  );
  expect(accepted.status()).toBe(201);
  await invite(request, tina, 'acme', pending);
  // Globex gets a user too, which is none of her business.
  await invite(request, ada, 'globex', `e2e-globex-${run}@globex.example`);
  // Acme's monthly budget, set by its owner.
  const budget = await request.put(
    `${backend}/api/billing/tenants/acme/budget`,
    {
      headers: { authorization: `Bearer ${tina}` },
      data: { monthlyAmount: 5000 },
    },
  );
  expect(budget.status()).toBe(200);

  // A ticket of acme, opened by Tina, and one of globex, by an operator.
  const tickets = `${backend}/api/incidents/incidents`;
  const ticket = async (token: string, tenant: string, title: string) => {
    const created = await request.post(tickets, {
      headers: { authorization: `Bearer ${token}` },
      data: {
        title,
        severity: 'SEV4',
        priority: 'low',
        category: 'integrations',
        tenant,
      },
    });
    expect(created.status()).toBe(201);
    return (await created.json()).id as string;
  };
  const acmeTicket = `e2e acme question ${run}`;
  const acmeTicketId = await ticket(tina, 'acme', acmeTicket);
  await ticket(ada, 'globex', `e2e Globex question ${run}`);

  await page.goto('/');

  // "My tenant": acme's newest user and pending invitation, linked to the
  // tabs of acme's page.
  const myTenant = card(page, 'My tenant');
  await expect(myTenant.getByRole('link', { name: 'Acme Corp' })).toBeVisible();
  await expect(
    myTenant.getByRole('link', { name: /^\d+ users?$/ }),
  ).toBeVisible();
  await expect(myTenant.getByRole('link', { name: joined })).toBeVisible();
  await expect(myTenant.getByRole('link', { name: pending })).toBeVisible();
  await expect(
    myTenant.getByRole('link', { name: /^\d+ pending invitations?$/ }),
  ).toHaveAttribute('href', '/tenants/acme?tab=invitations');

  // "Usage and budget": acme's period against its budget and quotas.
  const usage = card(page, 'Usage and budget');
  await expect(
    usage.getByRole('link', { name: 'acme', exact: true }),
  ).toBeVisible();
  await expect(usage.getByRole('group', { name: 'Budget' })).toContainText(
    'of 5,000.00 USD',
  );
  await expect(usage).toContainText(/cost so far/);

  // "Open tickets": acme's, linked to its page; not globex's.
  const openTickets = card(page, 'Open tickets');
  await expect(
    openTickets.getByRole('link', { name: acmeTicket }),
  ).toHaveAttribute('href', `/incidents/${acmeTicketId}`);

  // Her other cards are of acme only, whatever they hold.
  await expect(
    card(page, 'Budget alerts (24 h)')
      .getByText(/No budget threshold was crossed|reached \d+ % of its budget/)
      .first(),
  ).toBeVisible();
  await expect(
    card(page, 'Credential failures (24 h)')
      .getByText(/No credential failed|failed calls?/)
      .first(),
  ).toBeVisible();
  // Nothing of globex or initech anywhere on her page, nor an operator's card.
  await expect(page.getByText(/globex|initech/i)).toHaveCount(0);
  await expect(page.getByText('Tenants at risk', { exact: true })).toHaveCount(
    0,
  );

  // The newest user opens the users tab of acme's page.
  await myTenant.getByRole('link', { name: joined }).click();
  await expect(page).toHaveURL(/\/tenants\/acme\?tab=users$/);
  await expect(
    page.getByRole('tab', { name: 'Users', selected: true }),
  ).toBeVisible();
  await expect(page.getByText(joined)).toBeVisible();
});

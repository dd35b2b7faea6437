import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { backend, signInAs, signOut, tokenOf } from './helpers';

const PASSWORD = 'Correct-Horse-7-battery';

/**
 * A new tenant (provisioned by the operator through the REST API) and a
 * user of it with `role` and a password; answers the tenant and address.
 */
async function tenantUser(
  request: APIRequestContext,
  role: 'owner' | 'user',
): Promise<{ tenant: string; email: string }> {
  const operator = {
    Authorization: `Bearer ${await tokenOf(request, 'oscar')}`,
  };
  const tenant = `login-${role}-${Date.now().toString(36)}`;
  const domain = `${tenant}.example`;
  const provisioned = await request.post(`${backend}/api/tenants/tenants`, {
    headers: operator,
    data: {
      name: tenant,
      displayName: `${tenant} Inc`,
      domain,
      plan: 'starter',
      ownerEmail: `owner@${domain}`,
    },
  });
  expect(provisioned.status()).toBe(201);
  let acceptUrl: string = (await provisioned.json()).invitation.acceptUrl;
  let email = `owner@${domain}`;
  if (role !== 'owner') {
    email = `${role}@${domain}`;
    const invited = await request.post(
      `${backend}/api/tenants/tenants/${tenant}/invitations`,
      { headers: operator, data: { email, role } },
    );
    expect(invited.status()).toBe(201);
    acceptUrl = (await invited.json()).acceptUrl;
  }
  const accepted = await request.post(
    `${backend}/api/tenants/invitations/accept`,
    {
      data: {
        token: new URL(acceptUrl).searchParams.get('token'),
        password: PASSWORD,
      },
    },
  );
  expect(accepted.status()).toBe(201);
  return { tenant, email };
}

/** "Sign in with your organization", through the login page in the popup. */
async function signInWithOrganization(page: Page, email: string) {
  await page.goto('/');
  const popupOpens = page.waitForEvent('popup');
  await page
    .getByRole('button', { name: 'Sign in with your organization' })
    .click();
  const popup = await popupOpens;
  await expect(popup).toHaveURL(/\/api\/tenants\/auth\/signin\?request=/);
  await popup.locator('#email').fill(email);
  await popup.getByRole('button', { name: 'Continue' }).click();
  await popup.locator('#password').fill(PASSWORD);
  await popup.getByRole('button', { name: 'Sign in' }).click();
}

test('a tenant owner signs into the portal with their organization and sees only their tenant', async ({
  page,
  request,
}) => {
  // The operator's token needs the catalog's demo users.
  await signInAs(page, 'Oscar Operator');
  const { tenant, email } = await tenantUser(request, 'owner');
  await signOut(page);

  await signInWithOrganization(page, email);
  await expect(page.getByText('Control plane at a glance')).toBeVisible();

  // Their tenant only: org-owner of it, nothing of the demo tenants.
  await page.goto('/tenants');
  await expect(
    page.getByRole('link', { name: tenant, exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'acme', exact: true }),
  ).toHaveCount(0);
  await page.getByRole('link', { name: tenant, exact: true }).click();
  await expect(
    page.getByRole('heading', { name: `${tenant} Inc` }),
  ).toBeVisible();

  // Signing out shows the sign-in page again.
  await signOut(page);
});

test('a tenant user who is neither owner nor administrator is refused', async ({
  page,
  request,
}) => {
  await signInAs(page, 'Oscar Operator');
  const { email } = await tenantUser(request, 'user');
  await signOut(page);

  await signInWithOrganization(page, email);
  await expect(page.getByRole('alert')).toContainText(
    'Only owners and administrators of an organization sign into the portal',
  );
  await expect(
    page.getByRole('heading', { name: 'Sign in as a demo user' }),
  ).toBeVisible();
});

import { ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { backend, signInAs, tokenOf } from './helpers';

const PASSWORD = 'Correct-Horse-7-battery';
const EXAMPLE_APP = 'http://localhost:7010';

/** RFC 6238 TOTP of a base32 secret, `steps` time steps from now. */
function totp(secret: string, steps = 0): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secret.replace(/=+$/, '').toUpperCase()) {
    bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  }
  const key = Buffer.from(
    (bits.match(/.{8}/g) ?? []).map(byte => parseInt(byte, 2)),
  );
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000) + steps));
  const hmac = createHmac('sha1', key).update(counter).digest();
  const offset = hmac[hmac.length - 1] & 0xf;
  const code = (hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return code.toString().padStart(6, '0');
}

/**
 * A tenant provisioned through the REST API as the operator, whose owner
 * accepts the invitation on the login page with a password and adds an
 * authenticator app; the organization requires a second factor.
 */
async function tenantWithOwner(
  page: Page,
  request: APIRequestContext,
  name: string,
) {
  const operator = {
    Authorization: `Bearer ${await tokenOf(request, 'oscar')}`,
  };
  const domain = `${name}.example`;
  const provisioned = await request.post(`${backend}/api/tenants/tenants`, {
    headers: operator,
    data: {
      name,
      displayName: `${name} Inc`,
      domain,
      plan: 'starter',
      ownerEmail: `owner@${domain}`,
    },
  });
  expect(provisioned.status()).toBe(201);
  const { invitation } = await provisioned.json();
  // The owner accepts on the login page, without a portal account.
  await page.goto(invitation.acceptUrl);
  await page.locator('#invitation-password').fill(PASSWORD);
  await page.locator('#invitation-password-again').fill(PASSWORD);
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByText(`You joined ${name} as owner`)).toBeVisible();
  const email = `owner@${domain}`;

  const login = await request.post(`${backend}/api/tenants/auth/login`, {
    data: { email, password: PASSWORD },
  });
  const bearer = {
    Authorization: `Bearer ${(await login.json()).access_token}`,
  };
  const setup = await request.post(
    `${backend}/api/tenants/auth/mfa/totp/setup`,
    { headers: bearer, data: {} },
  );
  const { secret } = await setup.json();
  const confirmed = await request.post(
    `${backend}/api/tenants/auth/mfa/totp/confirm`,
    { headers: bearer, data: { code: totp(secret) } },
  );
  expect(confirmed.status()).toBe(200);
  const organization = (settings: object) =>
    request.put(`${backend}/api/tenants/tenants/${name}/organization`, {
      headers: operator,
      data: { settings },
    });
  expect((await organization({ require2fa: true })).status()).toBe(200);
  return { email, secret, organization };
}

let exampleApp: ChildProcess | undefined;

test.beforeAll(async () => {
  // The example managed application of examples/tenant-app.
  exampleApp = spawn(
    process.execPath,
    [resolve(__dirname, '../../../examples/tenant-app/server.js')],
    {
      env: { ...process.env, PORT: '7010' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [started] = (await Promise.race([
    once(exampleApp.stdout!, 'data'),
    once(exampleApp, 'exit').then(() => {
      throw new Error('The example app did not start');
    }),
  ])) as [Buffer];
  expect(started.toString()).toContain('Example tenant app at');
});

test.afterAll(async () => {
  exampleApp?.kill();
});

test('a tenant user signs into a managed app through the universal login page with password and TOTP', async ({
  page,
  request,
}) => {
  // The operator's token needs the catalog's demo users.
  await signInAs(page, 'Oscar Operator');
  const name = `signin-${Date.now().toString(36)}`;
  const { email, secret, organization } = await tenantWithOwner(
    page,
    request,
    name,
  );

  await page.goto(EXAMPLE_APP);
  await page.getByRole('link', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/api\/tenants\/auth\/signin\?request=/);
  await expect(
    page.getByText('to continue to Example tenant app'),
  ).toBeVisible();
  await page.locator('#email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('#password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'Invalid e-mail address or password',
  );
  await page.locator('#password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The confirmation used this time step's code: the next one is accepted.
  await page.locator('#code').fill(totp(secret, 1));
  await page.getByRole('button', { name: 'Verify' }).click();

  await expect(page).toHaveURL(`${EXAMPLE_APP}/`);
  await expect(page.locator('#user')).toBeVisible();
  await expect(page.locator('#email')).toHaveText(email);
  await expect(page.locator('#tenant')).toHaveText(name);
  await expect(page.locator('#role')).toHaveText('owner');
  await expect(page.locator('#verified')).toContainText(
    "Access token verified with the issuer's JWKS",
  );

  // Outside the organization's allow-list the sign-in is refused.
  expect((await organization({ ipAllowList: ['192.0.2.0/24'] })).status()).toBe(
    200,
  );
  await page.getByRole('link', { name: 'Sign out' }).click();
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.locator('#email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('#password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'Your organization does not allow sign-in from',
  );
  await expect(page).toHaveURL(/\/api\/tenants\/auth\/signin/);
});

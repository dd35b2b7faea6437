import { createPortalTestDatabases } from '@controlplane/test-utils';
import { authenticator } from 'otplib';
import { startTenantsBackend } from '../__testUtils__/harness';
import { GOOD_PASSWORD, signinFixtures } from '../__testUtils__/signin';

jest.setTimeout(60_000);

const GOOD = GOOD_PASSWORD;
const LAPTOP = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0';
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1) Safari/604.1';

/** The code of the authenticator app `steps` time steps from now. */
const codeOf = (secret: string, steps = 0) =>
  authenticator.clone({ epoch: Date.now() + steps * 30_000 }).generate(secret);

/**
 * Second factors over real HTTP: the enrolment an organization requires,
 * TOTP codes used once, recovery codes, the challenge's attempts, and the
 * step-up from a browser the user has not signed in from.
 */
describe('tenant user second factor', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let ctx: Awaited<ReturnType<typeof startTenantsBackend>>;
    const fixtures = signinFixtures(() => ctx.server);
    const { api } = fixtures;
    const userWithPassword = async (tenant: string) =>
      (await fixtures.userWithPassword(tenant)).email;

    beforeAll(async () => {
      ctx = await startTenantsBackend(databases, databaseId);
      await fixtures.provision('strict', { require2fa: true });
      await fixtures.provision('relaxed', { require2fa: false });
    });
    afterAll(async () => {
      await ctx?.backend.stop();
    });

    const login = (email: string, userAgent = LAPTOP) =>
      api()
        .post('/api/tenants/auth/login')
        .set('User-Agent', userAgent)
        .send({ email, password: GOOD });
    const verify = (mfaToken: string, code: string, userAgent = LAPTOP) =>
      api()
        .post('/api/tenants/auth/mfa/verify')
        .set('User-Agent', userAgent)
        .send({ mfa_token: mfaToken, code });

    /** Signs a user of `strict` in through the enrolment it requires. */
    async function enrolled() {
      const email = await userWithPassword('strict');
      const first = await login(email);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        mfa_required: true,
        mfa_token: expect.any(String),
        enrollment_required: true,
        methods: ['totp', 'webauthn'],
        expires_in: 300,
      });
      expect(first.body.access_token).toBeUndefined();
      const setup = await api()
        .post('/api/tenants/auth/mfa/totp/setup')
        .send({ mfa_token: first.body.mfa_token });
      expect(setup.status).toBe(200);
      expect(setup.body.otpauth_url).toMatch(/^otpauth:\/\/totp\//);
      const { secret } = setup.body;
      return { email, secret, mfaToken: first.body.mfa_token as string };
    }

    it('makes a user of an organization requiring 2FA enrol before the first session', async () => {
      const { secret, mfaToken } = await enrolled();
      const wrong = await api()
        .post('/api/tenants/auth/mfa/totp/confirm')
        .send({ mfa_token: mfaToken, code: codeOf(secret, 5) });
      expect(wrong.status).toBe(400);
      const confirmed = await api()
        .post('/api/tenants/auth/mfa/totp/confirm')
        .send({ mfa_token: mfaToken, code: codeOf(secret) });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body.access_token).toEqual(expect.any(String));
      expect(confirmed.body.recovery_codes).toHaveLength(10);
      // The challenge is used up.
      const again = await api()
        .post('/api/tenants/auth/mfa/totp/confirm')
        .send({ mfa_token: mfaToken, code: codeOf(secret, 1) });
      expect(again.status).toBe(401);
      const stored = await ctx.knex('tenant_user_totp').first();
      expect(stored.secret_encrypted).not.toContain(secret);
    });

    it('accepts each TOTP code once, and each recovery code once', async () => {
      const { email, secret, mfaToken } = await enrolled();
      const firstCode = codeOf(secret);
      const confirmed = await api()
        .post('/api/tenants/auth/mfa/totp/confirm')
        .send({ mfa_token: mfaToken, code: firstCode });
      const recovery: string[] = confirmed.body.recovery_codes;

      const challenge = (await login(email)).body;
      expect(challenge).toMatchObject({
        mfa_required: true,
        enrollment_required: false,
        methods: ['totp', 'recovery_code'],
      });
      // The code that confirmed the authenticator does not sign in again.
      expect((await verify(challenge.mfa_token, firstCode)).status).toBe(401);
      const next = await verify(challenge.mfa_token, codeOf(secret, 1));
      expect(next.status).toBe(200);
      expect(next.body.access_token).toEqual(expect.any(String));

      const second = (await login(email)).body;
      expect((await verify(second.mfa_token, recovery[0])).status).toBe(200);
      const third = (await login(email)).body;
      const reused = await verify(third.mfa_token, recovery[0]);
      expect(reused.status).toBe(401);
      expect(reused.body.error.message).toBe('The code does not match');
    });

    it('allows five attempts per challenge', async () => {
      const { email, secret, mfaToken } = await enrolled();
      await api()
        .post('/api/tenants/auth/mfa/totp/confirm')
        .send({ mfa_token: mfaToken, code: codeOf(secret) });
      const challenge = (await login(email)).body;
      for (let i = 0; i < 5; i++) {
        expect(
          (await verify(challenge.mfa_token, `wrong-${i}-code`)).status,
        ).toBe(401);
      }
      const sixth = await verify(challenge.mfa_token, codeOf(secret, 1));
      expect(sixth.status).toBe(401);
      expect(sixth.body.error.message).toMatch(/Too many wrong codes/);
    });

    it('asks for the second factor from a browser the user has not signed in from', async () => {
      const email = await userWithPassword('relaxed');
      const plain = await login(email);
      expect(plain.body.access_token).toEqual(expect.any(String));
      const bearer = `Bearer ${plain.body.access_token}`;
      const setup = await api()
        .post('/api/tenants/auth/mfa/totp/setup')
        .set('Authorization', bearer)
        .send({});
      expect(setup.status).toBe(200);
      const confirmed = await api()
        .post('/api/tenants/auth/mfa/totp/confirm')
        .set('Authorization', bearer)
        .send({ code: codeOf(setup.body.secret) });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body.recovery_codes).toHaveLength(10);
      expect(
        (
          await api()
            .post('/api/tenants/auth/mfa/totp/setup')
            .set('Authorization', bearer)
            .send({})
        ).status,
      ).toBe(409);

      // The laptop is known: no second factor there.
      expect((await login(email, LAPTOP)).body.access_token).toEqual(
        expect.any(String),
      );
      // A new browser steps up.
      const phone = await login(email, PHONE);
      expect(phone.body).toMatchObject({
        mfa_required: true,
        enrollment_required: false,
      });
      const verified = await verify(
        phone.body.mfa_token,
        codeOf(setup.body.secret, 1),
        PHONE,
      );
      expect(verified.status).toBe(200);
      // Then the phone is known too.
      expect((await login(email, PHONE)).body.access_token).toEqual(
        expect.any(String),
      );
    });
  });
});

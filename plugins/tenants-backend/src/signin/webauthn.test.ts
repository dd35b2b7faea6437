import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startTenantsBackend } from '../__testUtils__/harness';
import { GOOD_PASSWORD, signinFixtures } from '../__testUtils__/signin';
import {
  SoftwareAuthenticator,
  Tamper,
} from '../__testUtils__/softwareAuthenticator';

jest.setTimeout(60_000);

const LAPTOP = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0';
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1) Safari/604.1';
// The harness's app.baseUrl: the relying party by default.
const RP = { rpId: 'localhost', origin: 'http://localhost:3000' };

/**
 * Passkeys as the second factor over real HTTP, answered by a software
 * authenticator: the enrolment an organization requires, sign-in with an
 * assertion, and every refusal a browser-side attacker could try (a replay,
 * another origin, another key, a counter gone back, another user's
 * passkey), which count like wrong codes.
 */
describe('tenant user passkeys', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let ctx: Awaited<ReturnType<typeof startTenantsBackend>>;
    const fixtures = signinFixtures(() => ctx.server);
    const { api } = fixtures;

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
        .send({ email, password: GOOD_PASSWORD });
    const post = (path: string, body: object, bearer?: string) => {
      const req = api()
        .post(`/api/tenants/auth/mfa/webauthn/${path}`)
        .set('User-Agent', LAPTOP);
      if (bearer) req.set('Authorization', `Bearer ${bearer}`);
      return req.send(body);
    };
    /** Options for the challenge, answered by the authenticator. */
    const assertion = async (
      mfaToken: string,
      authenticator: SoftwareAuthenticator,
      tamper?: Tamper,
    ) => {
      const options = await post('authenticate/options', {
        mfa_token: mfaToken,
      });
      expect(options.status).toBe(200);
      return authenticator.get(options.body, tamper);
    };
    const authenticate = (mfaToken: string, response: object) =>
      post('authenticate', { mfa_token: mfaToken, response });
    const failures = (message: string) =>
      ctx.audit.fail.mock.calls.filter(
        ([call]: any[]) =>
          call.meta.method === 'webauthn' && call.error.message === message,
      ).length;

    /** A user of `strict` enrolled with a passkey at their first sign-in. */
    async function enrolled() {
      const { email } = await fixtures.userWithPassword('strict');
      const first = await login(email);
      expect(first.body).toEqual({
        mfa_required: true,
        mfa_token: expect.any(String),
        enrollment_required: true,
        methods: ['totp', 'webauthn'],
        expires_in: 300,
      });
      const mfaToken = first.body.mfa_token;
      const options = await post('register/options', { mfa_token: mfaToken });
      expect(options.status).toBe(200);
      expect(options.body).toMatchObject({
        rp: { id: 'localhost' },
        challenge: expect.any(String),
        authenticatorSelection: { userVerification: 'preferred' },
      });
      const authenticator = new SoftwareAuthenticator(RP);
      const registration = authenticator.create(options.body);
      const done = await post('register', {
        mfa_token: mfaToken,
        response: registration,
        name: 'Laptop',
      });
      expect(done.status).toBe(200);
      expect(done.body.access_token).toEqual(expect.any(String));
      return {
        email,
        authenticator,
        registration,
        mfaToken,
        tokens: done.body,
      };
    }

    it('enrols a passkey where the organization requires 2FA, then signs in with it once per challenge', async () => {
      const { email, authenticator, registration, mfaToken, tokens } =
        await enrolled();
      expect(ctx.audit.success).toHaveBeenCalledWith({
        meta: expect.objectContaining({
          method: 'webauthn',
          mfaEnrolled: 'webauthn',
          credentialId: authenticator.credentialId,
        }),
      });
      // The enrolment challenge is used up.
      const again = await post('register', {
        mfa_token: mfaToken,
        response: registration,
      });
      expect(again.status).toBe(401);
      const stored = await ctx
        .knex('tenant_webauthn_credentials')
        .where({ id: authenticator.credentialId })
        .first();
      expect(Number(stored.counter)).toBe(1);

      const challenge = (await login(email)).body;
      expect(challenge).toMatchObject({
        enrollment_required: false,
        methods: ['webauthn'],
      });
      const answer = await assertion(challenge.mfa_token, authenticator);
      const signedIn = await authenticate(challenge.mfa_token, answer);
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.user.email).toBe(email);
      // The same assertion again: the sign-in step is closed ...
      expect((await authenticate(challenge.mfa_token, answer)).status).toBe(
        401,
      );
      // ... and its WebAuthn challenge is not the one of a new sign-in.
      const next = (await login(email)).body;
      await assertion(next.mfa_token, authenticator);
      const replayed = await authenticate(next.mfa_token, answer);
      expect(replayed.status).toBe(401);
      expect(replayed.body.error.message).toBe('The passkey was not accepted');

      // The only second factor of a user whose organization requires one stays.
      const removed = await api()
        .delete(
          `/api/tenants/auth/mfa/webauthn/credentials/${authenticator.credentialId}`,
        )
        .set('Authorization', `Bearer ${tokens.access_token}`);
      expect(removed.status).toBe(409);
    });

    it('refuses another origin, another key and a counter gone back, counting each like a wrong code', async () => {
      const { email, authenticator } = await enrolled();
      const first = (await login(email)).body;
      const good = await assertion(first.mfa_token, authenticator);
      expect((await authenticate(first.mfa_token, good)).status).toBe(200);
      const counter = authenticator.counter;

      const refusedBefore = failures('The passkey was not accepted');
      const { mfa_token: mfaToken } = (await login(email)).body;
      for (const tamper of [
        { origin: 'https://evil.example' },
        { signingKey: SoftwareAuthenticator.strangerKey() },
        { counter: counter - 1 },
      ]) {
        const answer = await assertion(mfaToken, authenticator, tamper);
        const refused = await authenticate(mfaToken, answer);
        expect(refused.status).toBe(401);
        expect(refused.body.error.message).toBe('The passkey was not accepted');
      }
      expect(failures('The passkey was not accepted')).toBe(refusedBefore + 3);
      // Three failures slow the account down, as wrong TOTP codes do.
      const slowed = await login(email);
      expect(slowed.status).toBe(429);
      expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(0);
    });

    it("adds, lists and removes a signed-in user's passkeys; another user's passkey answers nothing", async () => {
      const other = await enrolled();
      const { email } = await fixtures.userWithPassword('relaxed');
      const plain = (await login(email)).body;
      expect(plain.access_token).toEqual(expect.any(String));
      const bearer = plain.access_token as string;

      const options = await post('register/options', {}, bearer);
      expect(options.status).toBe(200);
      const authenticator = new SoftwareAuthenticator(RP);
      // A page of another origin does not register a passkey.
      const elsewhere = await post(
        'register',
        {
          response: authenticator.create(options.body, {
            origin: 'https://evil.example',
          }),
        },
        bearer,
      );
      expect(elsewhere.status).toBe(400);
      const fresh = await post('register/options', {}, bearer);
      const added = await post(
        'register',
        { response: authenticator.create(fresh.body), name: 'Phone' },
        bearer,
      );
      expect(added.status).toBe(201);
      expect(added.body).toEqual({
        id: authenticator.credentialId,
        name: 'Phone',
      });
      const list = () =>
        api()
          .get('/api/tenants/auth/mfa/webauthn/credentials')
          .set('Authorization', `Bearer ${bearer}`);
      expect((await list()).body.items).toEqual([
        {
          id: authenticator.credentialId,
          name: 'Phone',
          transports: ['internal'],
          created_at: expect.any(String),
          last_used_at: null,
        },
      ]);

      // A new browser steps up to the passkey.
      const { mfa_token: mfaToken, methods } = (await login(email, PHONE)).body;
      expect(methods).toEqual(['webauthn']);
      const stolen = await assertion(mfaToken, other.authenticator);
      expect((await authenticate(mfaToken, stolen)).status).toBe(401);
      const own = await assertion(mfaToken, authenticator);
      const signedIn = await api()
        .post('/api/tenants/auth/mfa/webauthn/authenticate')
        .set('User-Agent', PHONE)
        .send({ mfa_token: mfaToken, response: own });
      expect(signedIn.status).toBe(200);
      expect((await list()).body.items[0].last_used_at).toEqual(
        expect.any(String),
      );

      const remove = (id: string) =>
        api()
          .delete(`/api/tenants/auth/mfa/webauthn/credentials/${id}`)
          .set('Authorization', `Bearer ${bearer}`);
      expect((await remove(other.authenticator.credentialId)).status).toBe(404);
      expect((await remove(authenticator.credentialId)).status).toBe(204);
      expect((await list()).body.items).toEqual([]);
      expect(ctx.audit.auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'mfa-remove',
          meta: expect.objectContaining({ method: 'webauthn' }),
        }),
      );
      // With no second factor left, any browser signs in directly.
      expect((await login(email, 'Tablet')).body.access_token).toEqual(
        expect.any(String),
      );
    });
  });
});

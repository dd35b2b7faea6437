import { createPublicKey } from 'node:crypto';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import jwt from 'jsonwebtoken';
import { startTenantsBackend } from '../__testUtils__/harness';
import { GOOD_PASSWORD, signinFixtures } from '../__testUtils__/signin';

jest.setTimeout(60_000);

const GOOD = GOOD_PASSWORD;

/**
 * Sign-in of tenant users over real HTTP: passwords set on accepting an
 * invitation, the seed's login response, offline verification of the
 * access token by another JWT library, the throttle, refresh-token
 * rotation and its reuse, and every revocation trigger.
 */
describe('tenant user sign-in', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let ctx: Awaited<ReturnType<typeof startTenantsBackend>>;
    const fixtures = signinFixtures(() => ctx.server);
    const { api, ada } = fixtures;
    const invite = (tenant = 'acme', role = 'user') =>
      fixtures.invite(tenant, role);
    const userWithPassword = (tenant = 'acme', role = 'user') =>
      fixtures.userWithPassword(tenant, role);

    beforeAll(async () => {
      ctx = await startTenantsBackend(databases, databaseId);
      await fixtures.provision('acme');
      await fixtures.provision('globex');
    });
    afterAll(async () => {
      await ctx?.backend.stop();
    });

    const login = (email: string, password = GOOD, tenant?: string) =>
      api()
        .post('/api/tenants/auth/login')
        .send({ email, password, ...(tenant ? { tenant } : {}) });
    const refresh = (token: string) =>
      api().post('/api/tenants/auth/token').send({ refresh_token: token });

    it('sets the first password on accepting an invitation, under the policy', async () => {
      const { email, token } = await invite();
      const weak = await api()
        .post('/api/tenants/invitations/accept')
        .send({ token, password: 'short' });
      expect(weak.status).toBe(400);
      expect(weak.body.error.message).toMatch(
        /policy: it must be at least 12 characters long, must contain an upper-case letter, must contain a digit/,
      );
      // Nothing changed: the same invitation still works.
      const good = await api()
        .post('/api/tenants/invitations/accept')
        .send({ token, password: GOOD });
      expect(good.status).toBe(201);
      const stored = await ctx
        .knex('tenant_users')
        .where({ email })
        .first('password_hash');
      expect(stored.password_hash).toMatch(/^\$argon2id\$/);
      expect(stored.password_hash).not.toContain(GOOD);
    });

    it("signs in with the seed's login response, and another JWT library verifies the token with the JWKS", async () => {
      const { email, id } = await userWithPassword('acme', 'administrator');
      const res = await login(email);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        user: {
          id,
          email,
          name: email,
          organization_id: expect.any(String),
          tenant: 'acme',
          role: 'administrator',
        },
        access_token: expect.any(String),
        refresh_token: expect.any(String),
        token_type: 'bearer',
        expires_in: 900,
      });

      const jwks = await api().get('/api/tenants/auth/jwks.json');
      expect(jwks.status).toBe(200);
      const header = jwt.decode(res.body.access_token, {
        complete: true,
      })!.header;
      const jwk = jwks.body.keys.find((k: any) => k.kid === header.kid);
      expect(jwk).toBeDefined();
      expect(jwk.d).toBeUndefined();
      const claims = jwt.verify(
        res.body.access_token,
        createPublicKey({ key: jwk, format: 'jwk' }),
        { algorithms: ['ES256'], audience: 'controlplane-apps' },
      ) as jwt.JwtPayload;
      expect(claims).toMatchObject({
        sub: id,
        tenant: 'acme',
        role: 'administrator',
        email,
        iss: expect.stringMatching(/\/api\/tenants\/auth$/),
      });
      expect(claims.exp! - claims.iat!).toBe(900);

      const permissions = await api()
        .get('/api/tenants/auth/permissions')
        .set('Authorization', `Bearer ${res.body.access_token}`);
      expect(permissions.status).toBe(200);
      expect(permissions.body.permissions).toContain('users:*');
      expect(permissions.body.permissions).not.toContain('sso:*');
    });

    it('accepts a password typed in another Unicode form', async () => {
      const { email, token } = await invite();
      const composed = 'Caf\u00e9-Horse-7-battery';
      await api()
        .post('/api/tenants/invitations/accept')
        .send({ token, password: composed })
        .expect(201);
      const decomposed = 'Cafe\u0301-Horse-7-battery';
      expect((await login(email, decomposed)).status).toBe(200);
      expect((await login(email, 'Cafe-Horse-7-battery')).status).toBe(401);
    });

    it('answers a wrong password and an unknown address alike', async () => {
      const { email } = await userWithPassword();
      const wrong = await login(email, 'Wrong-password-123');
      const unknown = await login('nobody@acme.example', GOOD);
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body.error).toEqual(unknown.body.error);
      expect(Object.keys(wrong.body.error).sort()).toEqual(
        Object.keys(unknown.body.error).sort(),
      );
      expect(wrong.body.error.lockedOut).toBeUndefined();
      // A user of another tenant is not found through this tenant's URL.
      const { email: globexUser } = await userWithPassword('globex');
      expect((await login(globexUser, GOOD, 'acme')).status).toBe(401);
      expect((await login(globexUser, GOOD, 'globex')).status).toBe(200);
      // Bad input is a 400 that says what is wrong.
      const bad = await api()
        .post('/api/tenants/auth/login')
        .send({ email: 'not an address', password: GOOD });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/not an e-mail address/);
    });

    it('slows down repeated failures with Retry-After, also for the right password', async () => {
      const { email } = await userWithPassword();
      for (let i = 0; i < 3; i++) {
        expect((await login(email, `Wrong-${i}-password`)).status).toBe(401);
      }
      const slowed = await login(email);
      expect(slowed.status).toBe(429);
      expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(0);
      expect(slowed.body.error.message).toMatch(/try again in \d+ seconds/);
    });

    it('rotates the refresh token, and a reused one revokes the session', async () => {
      const { email } = await userWithPassword();
      const first = (await login(email)).body;
      const second = await refresh(first.refresh_token);
      expect(second.status).toBe(200);
      expect(second.body.refresh_token).not.toBe(first.refresh_token);
      expect(second.body.access_token).not.toBe(first.access_token);

      const reused = await refresh(first.refresh_token);
      expect(reused.status).toBe(401);
      expect(reused.body.error.message).toMatch(/already used/);
      expect(reused.body.error.sessionId).toBeUndefined();
      // The thief's replay ended the session for the holder too.
      expect((await refresh(second.body.refresh_token)).status).toBe(401);
      expect(
        (
          await api()
            .get('/api/tenants/auth/permissions')
            .set('Authorization', `Bearer ${second.body.access_token}`)
        ).status,
      ).toBe(401);
    });

    it('lets only one of two refreshes with the same token at once through', async () => {
      const { email } = await userWithPassword();
      const { refresh_token } = (await login(email)).body;
      const answers = await Promise.all([
        refresh(refresh_token),
        refresh(refresh_token),
      ]);
      const statuses = answers.map(a => a.status).sort();
      expect(statuses).toEqual([200, 401]);
    });

    describe('refuses refresh after each revocation trigger', () => {
      const triggers: Array<
        [
          string,
          (user: { id: string; email: string }, tokens: any) => Promise<void>,
        ]
      > = [
        [
          'sign-out',
          async (_user, tokens) => {
            const res = await api()
              .post('/api/tenants/auth/logout')
              .set('Authorization', `Bearer ${tokens.access_token}`);
            expect(res.body).toEqual({ revoked: 1 });
          },
        ],
        [
          'the session revoked by an administrator',
          async user => {
            const res = await ada(
              api().delete(
                `/api/tenants/tenants/acme/users/${user.id}/sessions`,
              ),
            );
            expect(res.status).toBeLessThan(300);
          },
        ],
        [
          'the user disabled',
          async user => {
            const res = await ada(
              api()
                .patch(`/api/tenants/tenants/acme/users/${user.id}`)
                .send({ status: 'disabled' }),
            );
            expect(res.status).toBe(200);
          },
        ],
        [
          'the role changed',
          async user => {
            const res = await ada(
              api()
                .patch(`/api/tenants/tenants/acme/users/${user.id}`)
                .send({ role: 'administrator' }),
            );
            expect(res.status).toBe(200);
          },
        ],
        [
          'the user deleted',
          async user => {
            const res = await ada(
              api().delete(`/api/tenants/tenants/acme/users/${user.id}`),
            );
            expect(res.status).toBeLessThan(300);
          },
        ],
        [
          'the password changed',
          async user => {
            const res = await api().post('/api/tenants/auth/password').send({
              email: user.email,
              currentPassword: GOOD,
              newPassword: 'Another-Good-Passw0rd',
            });
            expect(res.status).toBe(200);
            expect(res.body.sessionsRevoked).toBe(1);
          },
        ],
      ];
      it.each(triggers)('%s', async (_name, trigger) => {
        const user = await userWithPassword();
        const tokens = (await login(user.email)).body;
        await trigger(user, tokens);
        const res = await refresh(tokens.refresh_token);
        expect(res.status).toBe(401);
      });
    });

    it('refuses refresh once the tenant is suspended, and sign-in from outside the allow-list', async () => {
      const { email } = await userWithPassword('globex');
      const tokens = (await login(email)).body;
      const allowList = await ada(
        api()
          .put('/api/tenants/tenants/globex/organization')
          .send({ settings: { ipAllowList: ['10.0.0.0/8'] } }),
      );
      expect(allowList.status).toBe(200);
      const outside = await login(email);
      expect(outside.status).toBe(403);
      expect(outside.body.error.message).toMatch(/does not allow sign-in from/);
      expect((await refresh(tokens.refresh_token)).status).toBe(403);

      await ada(
        api()
          .put('/api/tenants/tenants/globex/organization')
          .send({ settings: { ipAllowList: [] } }),
      );
      const again = (await login(email)).body;
      const suspended = await ada(
        api()
          .post('/api/tenants/tenants/globex/suspend')
          .send({ reason: 'unpaid invoices' }),
      );
      expect(suspended.status).toBe(200);
      expect((await refresh(again.refresh_token)).status).toBe(401);
      expect((await login(email)).status).toBe(403);
    });

    it('forgets the used refresh tokens of sessions that ended a day ago, not of live ones', async () => {
      const { email } = await userWithPassword();
      const ended = (await login(email)).body;
      const endedNext = (await refresh(ended.refresh_token)).body;
      await api()
        .post('/api/tenants/auth/logout')
        .set('Authorization', `Bearer ${endedNext.access_token}`);
      const live = (await login(email)).body;
      await refresh(live.refresh_token);
      const sessionOf = (token: string) =>
        JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString())
          .sid;
      const endedId = sessionOf(endedNext.access_token);
      const liveId = sessionOf(live.access_token);
      const rotated = (sessionId: string) =>
        ctx
          .knex('tenant_rotated_refresh_tokens')
          .where({ session_id: sessionId })
          .count({ n: '*' })
          .first()
          .then(row => Number(row?.n));

      await ctx.runTask('tenants-clean-signin-records');
      // Ended just now: kept for a day.
      expect(await rotated(endedId)).toBe(1);
      await ctx
        .knex('tenant_sessions')
        .where({ id: endedId })
        .update({
          revoked_at: new Date(Date.now() - 2 * 86_400_000).toISOString(),
        });
      await ctx.runTask('tenants-clean-signin-records');
      expect(await rotated(endedId)).toBe(0);
      expect(await rotated(liveId)).toBe(1);
      // The live session's old token is still recognised as reuse.
      const reused = await refresh(live.refresh_token);
      expect(reused.body.error.message).toMatch(/already used/);
    });

    it('changes a password under the policy and its history', async () => {
      const { email } = await userWithPassword();
      const change = (currentPassword: string, newPassword: string) =>
        api()
          .post('/api/tenants/auth/password')
          .send({ email, currentPassword, newPassword });
      expect((await change(GOOD, 'weak')).status).toBe(400);
      const same = await change(GOOD, GOOD);
      expect(same.status).toBe(400);
      expect(same.body.error.message).toMatch(/differ from the last 5/);
      expect((await change(GOOD, 'Second-Good-Passw0rd')).status).toBe(200);
      // Back to the first: still in the history.
      expect((await change('Second-Good-Passw0rd', GOOD)).status).toBe(400);
      expect((await login(email, GOOD)).status).toBe(401);
      expect((await login(email, 'Second-Good-Passw0rd')).status).toBe(200);
    });
  });
});

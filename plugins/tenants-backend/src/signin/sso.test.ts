import { AddressInfo } from 'node:net';
import { getTenantUserPrincipal } from '@controlplane/backend-common';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startTenantsBackend } from '../__testUtils__/harness';
import { startOidcProvider } from '../__testUtils__/oidcProvider';
import { signinFixtures } from '../__testUtils__/signin';

jest.setTimeout(60_000);

/** The portal's client at the tenant's identity provider. */
const IDP_CLIENT = {
  clientId: 'portal',
  clientSecret: 'idp-secret-of-the-portal',
};
/** An application that signs tenant users in through the portal. */
const APP = {
  clientId: 'test-app',
  name: 'Test app',
  clientSecret: 'app-secret-0123456789',
  redirectUris: ['http://app.example/callback'],
};

/**
 * SSO sign-in (FR-AUTH-001) over real HTTP with a real OpenID provider
 * (oidc-provider in a child process): the browser's hops are followed by
 * hand, with the provider's cookies and the portal's state cookie.
 */
describe('tenant SSO sign-in', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let ctx: Awaited<ReturnType<typeof startTenantsBackend>>;
    let idp: Awaited<ReturnType<typeof startOidcProvider>> | undefined;
    const fixtures = signinFixtures(() => ctx.server);
    const { api, ada } = fixtures;
    let issuer = '';
    let alice: { email: string; id: string };
    let bob: { email: string; id: string };
    let carol: { email: string; id: string };
    let outsider: { email: string; id: string };
    const unverified = 'unverified@acme.example';

    beforeAll(async () => {
      ctx = await startTenantsBackend(databases, databaseId, {
        signin: { clients: [APP] },
      });
      await fixtures.provision('acme');
      await fixtures.provision('globex');
      await fixtures.provision('initech');
      alice = await fixtures.userWithPassword('acme');
      bob = await fixtures.userWithPassword('acme');
      carol = await fixtures.userWithPassword('acme');
      outsider = await fixtures.userWithPassword('globex');
      issuer = `http://localhost:${
        (ctx.server.address() as AddressInfo).port
      }/api/tenants/auth`;
      idp = await startOidcProvider({
        ...IDP_CLIENT,
        redirectUri: `${issuer}/sso/callback`,
        accounts: [
          { email: alice.email },
          { email: bob.email },
          { email: carol.email },
          { email: outsider.email },
          { email: unverified, email_verified: false },
        ],
      });
      await configureSso('acme', idp.issuer);
      await configureSso('initech', idp.issuer);
    });
    afterAll(async () => {
      await idp?.stop();
      await ctx?.backend.stop();
    });

    /** Saves a tenant's SSO configuration through the API, as ada. */
    async function configureSso(tenant: string, issuerUrl: string) {
      const sso = await ada(
        api()
          .put(`/api/tenants/tenants/${tenant}/sso`)
          .send({ issuerUrl, ...IDP_CLIENT }),
      );
      if (sso.status !== 200) throw new Error(`SSO of ${tenant}: ${sso.text}`);
    }

    const start = (query: Record<string, string>) =>
      api().get('/api/tenants/auth/sso/start').query(query);

    /**
     * Starts at the portal and follows the identity provider's redirects
     * (carrying its cookies) until it sends the browser back: answers the
     * callback's path and the portal's state cookie.
     */
    async function throughIdp(
      loginHint: string,
      options: { request?: string; tenant?: string; provider?: string } = {},
    ) {
      const { request, tenant = 'acme', provider = idp!.issuer } = options;
      const started = await start({ tenant, ...(request ? { request } : {}) });
      expect(started.status).toBe(302);
      const browser = String(started.headers['set-cookie']).split(';')[0];
      let url = new URL(started.headers.location);
      expect(url.origin).toBe(provider);
      expect(url.searchParams.get('redirect_uri')).toBe(
        `${issuer}/sso/callback`,
      );
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      url.searchParams.set('login_hint', loginHint);
      const jar = new Map<string, string>();
      for (let hops = 0; url.origin === provider; hops++) {
        if (hops > 10) throw new Error('Too many redirects at the provider');
        const res = await fetch(url, {
          redirect: 'manual',
          headers: {
            cookie: [...jar]
              .map(([key, value]) => `${key}=${value}`)
              .join('; '),
          },
        });
        for (const cookie of res.headers.getSetCookie()) {
          const pair = cookie.split(';')[0];
          const at = pair.indexOf('=');
          jar.set(pair.slice(0, at), pair.slice(at + 1));
        }
        const location = res.headers.get('location');
        if (!location) {
          throw new Error(
            `The provider answered ${res.status}: ${await res.text()}`,
          );
        }
        url = new URL(location, url);
      }
      expect(`${url.origin}${url.pathname}`).toBe(`${issuer}/sso/callback`);
      return { path: url.pathname + url.search, url, browser };
    }

    const callback = (path: string, browser?: string) => {
      const req = api().get(path);
      return browser ? req.set('Cookie', browser) : req;
    };

    /** The audit records of SSO sign-ins, finished as `outcome`. */
    const ssoRecords = (outcome: 'success' | 'fail') =>
      ctx.audit[outcome].mock.calls
        .map(([options]) => options as { meta: any; error?: Error })
        .filter(
          ({ meta }) =>
            meta.method === 'sso' && meta.resourceType === 'tenant-session',
        );

    it('signs a user of the tenant in: a session by SSO, audited, and the login page gets a code', async () => {
      const { path, browser } = await throughIdp(alice.email);
      const res = await callback(path, browser);
      expect(res.status).toBe(303);
      expect(res.headers['cache-control']).toBe('no-store');
      // What completeBrowserSignin answers without an authorization request.
      const next = new URL(res.headers.location);
      expect(`${next.origin}${next.pathname}`).toBe(`${issuer}/signin`);
      expect(next.searchParams.get('code')).toEqual(expect.any(String));
      expect(next.searchParams.get('iss')).toBe(issuer);
      // The state cookie is cleared.
      expect(String(res.headers['set-cookie'])).toMatch(
        /^tenant_sso_state=; Path=\/api\/tenants\/auth\/sso; Max-Age=0; HttpOnly; SameSite=Lax/,
      );

      const sessions = await ada(
        api().get(`/api/tenants/tenants/acme/users/${alice.id}/sessions`),
      );
      expect(sessions.status).toBe(200);
      expect(sessions.body.items).toHaveLength(1);
      const stored = await ctx
        .knex('tenant_sessions')
        .where({ user_id: alice.id })
        .select('auth_method');
      expect(stored).toEqual([{ auth_method: 'sso' }]);
      expect(ssoRecords('success')).toContainEqual({
        meta: expect.objectContaining({
          tenant: 'acme',
          email: alice.email,
          issuer: idp!.issuer,
          after: expect.objectContaining({ userId: alice.id, method: 'sso' }),
        }),
      });
      // The record's actor is the tenant user.
      const actors = (ctx.audit.auditor.createEvent as jest.Mock).mock.calls
        .map(([options]) => options)
        .filter(
          options =>
            options.eventId === 'signin' && options.meta.method === 'sso',
        )
        .map(options => getTenantUserPrincipal(options.request));
      expect(actors).toContainEqual({
        type: 'tenant-user',
        tenant: 'acme',
        userId: alice.id,
      });
    });

    it('continues an authorization request: the application redeems the code for tokens that work', async () => {
      const authorize = await api().get('/api/tenants/auth/authorize').query({
        client_id: APP.clientId,
        redirect_uri: APP.redirectUris[0],
        response_type: 'code',
        scope: 'openid email',
        state: 'app-state',
      });
      expect(authorize.status).toBe(303);
      const request = new URL(authorize.headers.location).searchParams.get(
        'request',
      )!;
      expect(request).toEqual(expect.any(String));

      const { path, browser } = await throughIdp(bob.email, { request });
      const res = await callback(path, browser);
      expect(res.status).toBe(303);
      const back = new URL(res.headers.location);
      expect(`${back.origin}${back.pathname}`).toBe(APP.redirectUris[0]);
      expect(back.searchParams.get('state')).toBe('app-state');

      const token = await api()
        .post('/api/tenants/auth/oauth/token')
        .auth(APP.clientId, APP.clientSecret)
        .type('form')
        .send({
          grant_type: 'authorization_code',
          code: back.searchParams.get('code')!,
          redirect_uri: APP.redirectUris[0],
        });
      expect(token.status).toBe(200);
      const permissions = await api()
        .get('/api/tenants/auth/permissions')
        .set('Authorization', `Bearer ${token.body.access_token}`);
      expect(permissions.status).toBe(200);
      expect(permissions.body.permissions).toEqual(expect.any(Array));
    });

    it('reads the e-mail address from the ID token when the provider puts it there', async () => {
      await fixtures.provision('umbrella');
      const user = await fixtures.userWithPassword('umbrella');
      const other = await startOidcProvider({
        ...IDP_CLIENT,
        redirectUri: `${issuer}/sso/callback`,
        accounts: [{ email: user.email }],
        emailInIdToken: true,
      });
      try {
        await configureSso('umbrella', other.issuer);
        const { path, browser } = await throughIdp(user.email, {
          tenant: 'umbrella',
          provider: other.issuer,
        });
        const res = await callback(path, browser);
        expect(res.status).toBe(303);
        const stored = await ctx
          .knex('tenant_sessions')
          .where({ user_id: user.id })
          .select('auth_method');
        expect(stored).toEqual([{ auth_method: 'sso' }]);
      } finally {
        await other.stop();
      }
    });

    it('refuses an address without a user in that tenant (none is created), audited', async () => {
      const { path, browser } = await throughIdp(outsider.email);
      const res = await callback(path, browser);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        `${outsider.email} is not a user of the organization acme: ask its administrator for an invitation`,
      );
      const users = await ctx
        .knex('tenant_users as u')
        .join('tenants as t', 't.id', 'u.tenant_id')
        .where({ 'u.email': outsider.email })
        .select('t.name');
      expect(users).toEqual([{ name: 'globex' }]);
      expect(ssoRecords('fail')).toContainEqual({
        meta: expect.objectContaining({
          tenant: 'acme',
          email: outsider.email,
        }),
        error: expect.objectContaining({ name: 'NotAllowedError' }),
      });
    });

    it('refuses an address the provider has not verified', async () => {
      const { path, browser } = await throughIdp(unverified);
      const res = await callback(path, browser);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(
        /has not verified the e-mail address/,
      );
    });

    it('uses a state once: a second callback with it is refused, also when both race', async () => {
      const first = await throughIdp(alice.email);
      expect((await callback(first.path, first.browser)).status).toBe(303);
      const again = await callback(first.path, first.browser);
      expect(again.status).toBe(400);
      expect(again.body.error.message).toBe(
        'This sign-in is unknown, expired or already used: start it again',
      );

      const raced = await throughIdp(alice.email);
      const answers = await Promise.all([
        callback(raced.path, raced.browser),
        callback(raced.path, raced.browser),
      ]);
      expect(answers.map(a => a.status).sort()).toEqual([303, 400]);
    });

    it('refuses a tampered state, and a callback in another browser than the one that started', async () => {
      const { url, browser } = await throughIdp(alice.email);
      const state = url.searchParams.get('state')!;
      const tampered = new URL(url);
      tampered.searchParams.set('state', `${state.slice(0, -2)}xx`);
      const path = tampered.pathname + tampered.search;
      // With the browser's cookie: not the state it started.
      const mismatch = await callback(path, browser);
      expect(mismatch.status).toBe(400);
      expect(mismatch.body.error.message).toMatch(
        /not started in this browser/,
      );
      // A cookie forged to match: no such sign-in.
      const forged = await callback(
        path,
        `tenant_sso_state=${tampered.searchParams.get('state')}`,
      );
      expect(forged.status).toBe(400);
      expect(forged.body.error.message).toMatch(
        /unknown, expired or already used/,
      );
      // The untouched callback, without the cookie (another browser).
      const original = url.pathname + url.search;
      expect((await callback(original)).status).toBe(400);
      // The pending sign-in was not used up by those: it still completes.
      expect((await callback(original, browser)).status).toBe(303);
    });

    it("reports the provider's error, and the state is used up", async () => {
      const { path, browser } = await throughIdp('nobody@acme.example');
      expect(path).toMatch(/[?&]error=access_denied/);
      const res = await callback(path, browser);
      expect(res.status).toBe(401);
      expect(res.body.error.message).toBe(
        'The identity provider refused the sign-in: access_denied (Unknown test account)',
      );
      const state = new URLSearchParams(path.split('?')[1]).get('state')!;
      const withCode = await callback(
        `/api/tenants/auth/sso/callback?code=stolen&state=${state}`,
        browser,
      );
      expect(withCode.status).toBe(400);
    });

    it('refuses a disabled user', async () => {
      const disabled = await ada(
        api()
          .patch(`/api/tenants/tenants/acme/users/${carol.id}`)
          .send({ status: 'disabled' }),
      );
      expect(disabled.status).toBe(200);
      const { path, browser } = await throughIdp(carol.email);
      const res = await callback(path, browser);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe('The account is disabled');
    });

    it("refuses a sign-in from outside the organization's IP allow-list", async () => {
      const { path, browser } = await throughIdp(alice.email);
      // The tests' requests come from 127.0.0.1.
      await ada(
        api()
          .put('/api/tenants/tenants/acme/organization')
          .send({ settings: { ipAllowList: ['10.0.0.0/8'] } }),
      );
      try {
        const res = await callback(path, browser);
        expect(res.status).toBe(403);
        expect(res.body.error.message).toMatch(/does not allow sign-in from/);
      } finally {
        await ada(
          api()
            .put('/api/tenants/tenants/acme/organization')
            .send({ settings: { ipAllowList: [] } }),
        );
      }
    });

    it('refuses an identity provider on a private address unless private issuers are allowed', async () => {
      const strict = await startTenantsBackend(databases, databaseId, {
        sso: { allowPrivateIssuers: false },
      });
      try {
        const local = signinFixtures(() => strict.server);
        await local.provision('hardened');
        // Saved while private issuers were allowed: sign-in checks again.
        const tenant = await strict
          .knex('tenants')
          .where({ name: 'hardened' })
          .first('id');
        const now = new Date().toISOString();
        await strict.knex('tenant_sso_configs').insert({
          tenant_id: tenant.id,
          issuer_url: idp!.issuer,
          client_id: IDP_CLIENT.clientId,
          client_secret_encrypted: 'unused',
          created_at: now,
          updated_at: now,
        });
        const res = await local
          .api()
          .get('/api/tenants/auth/sso/start')
          .query({ tenant: 'hardened' });
        expect(res.status).toBe(503);
        expect(res.body.error.message).toBe(
          `The identity provider's issuer "${
            idp!.issuer
          }" is not an https URL on the public internet`,
        );
      } finally {
        await strict.backend.stop();
      }
    });

    it('forgets pending sign-ins a day after they expired', async () => {
      await start({ tenant: 'acme' });
      const old = new Date(Date.now() - 2 * 86_400_000).toISOString();
      const pending = await ctx.knex('tenant_sso_states').count('* as n');
      await ctx
        .knex('tenant_sso_states')
        .update({ created_at: old, expires_at: old });
      await start({ tenant: 'acme' });
      await ctx.runTask('tenants-clean-signin-records');
      const left = await ctx.knex('tenant_sso_states').count('* as n');
      expect(Number(pending[0].n)).toBeGreaterThan(0);
      expect(Number(left[0].n)).toBe(1);
    });

    it('starts only for an active tenant with SSO configured', async () => {
      const none = await start({ tenant: 'globex' });
      expect(none.status).toBe(404);
      expect(none.body.error.message).toBe(
        'The organization globex has no single sign-on configured: sign in with your password',
      );
      expect((await start({ tenant: 'nosuch' })).status).toBe(404);
      expect((await start({})).status).toBe(400);

      const suspended = await ada(
        api()
          .post('/api/tenants/tenants/initech/suspend')
          .send({ reason: 'unpaid invoices' }),
      );
      expect(suspended.status).toBe(200);
      const refused = await start({ tenant: 'initech' });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe('The organization is not active');
    });
  });
});

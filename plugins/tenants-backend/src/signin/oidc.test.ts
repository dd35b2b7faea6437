import { createPortalTestDatabases } from '@controlplane/test-utils';
import { generators, Issuer, BaseClient, errors } from 'openid-client';
import { startTenantsBackend } from '../__testUtils__/harness';
import { GOOD_PASSWORD, signinFixtures } from '../__testUtils__/signin';

jest.setTimeout(60_000);

const APP = {
  clientId: 'example-app',
  clientSecret: 'example-app-secret-0123456789',
  redirectUri: 'http://127.0.0.1:7010/callback',
};
const SPA = { clientId: 'spa', redirectUri: 'http://127.0.0.1:7011/callback' };

/**
 * The OpenID Connect issuer of tenant sign-in, used by a standard client
 * library (openid-client) over real HTTP: discovery, the authorization
 * code flow through the login page's API with PKCE, the ID token checked
 * against the JWKS, userinfo, refresh, and the attacks on codes, clients
 * and redirect URIs.
 */
describe('tenant sign-in as an OpenID Connect issuer', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let ctx: Awaited<ReturnType<typeof startTenantsBackend>>;
    const fixtures = signinFixtures(() => ctx.server);
    const { api } = fixtures;
    let issuer: Issuer<BaseClient>;
    let app: BaseClient;
    let spa: BaseClient;
    /** A path of the test backend from an absolute URL it answered. */
    const pathOf = (url: string) => {
      const parsed = new URL(url);
      return `${parsed.pathname}${parsed.search}`;
    };

    beforeAll(async () => {
      ctx = await startTenantsBackend(databases, databaseId, {
        signin: {
          clients: [
            {
              clientId: APP.clientId,
              clientSecret: APP.clientSecret,
              name: 'Example app',
              redirectUris: [APP.redirectUri],
            },
            { clientId: SPA.clientId, redirectUris: [SPA.redirectUri] },
          ],
        },
      });
      await fixtures.provision('acme');
      await fixtures.provision('globex');
      const { port } = ctx.server.address() as { port: number };
      issuer = await Issuer.discover(
        `http://localhost:${port}/api/tenants/auth`,
      );
      app = new issuer.Client({
        client_id: APP.clientId,
        client_secret: APP.clientSecret,
        redirect_uris: [APP.redirectUri],
        response_types: ['code'],
        id_token_signed_response_alg: 'ES256',
      });
      spa = new issuer.Client({
        client_id: SPA.clientId,
        redirect_uris: [SPA.redirectUri],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
        id_token_signed_response_alg: 'ES256',
      });
    });
    afterAll(async () => {
      await ctx?.backend.stop();
    });

    /**
     * Runs the browser's part: the authorization endpoint, then the login
     * page's password sign-in for that request; answers the callback's
     * parameters and what the client must keep.
     */
    async function authorize(
      client: BaseClient,
      email: string,
      extra: Record<string, string> = {},
    ) {
      const verifier = generators.codeVerifier();
      const state = generators.state();
      const nonce = generators.nonce();
      const url = client.authorizationUrl({
        scope: 'openid email profile',
        state,
        nonce,
        code_challenge: generators.codeChallenge(verifier),
        code_challenge_method: 'S256',
        ...extra,
      });
      const started = await api().get(pathOf(url));
      expect(started.status).toBe(303);
      const page = new URL(started.headers.location);
      expect(page.pathname).toBe('/api/tenants/auth/signin');
      const request = page.searchParams.get('request')!;
      const signedIn = await api().post('/api/tenants/auth/login').send({
        email,
        password: GOOD_PASSWORD,
        authorization_request: request,
      });
      expect(signedIn.status).toBe(200);
      // The page learns only where to go: the tokens go to the client.
      expect(signedIn.body.access_token).toBeUndefined();
      const callback = new URL(signedIn.body.redirect_to);
      return {
        request,
        verifier,
        state,
        nonce,
        callback,
        params: client.callbackParams(callback.toString()),
      };
    }

    it('publishes a discovery document a standard client reads', () => {
      expect(issuer.metadata).toMatchObject({
        issuer: expect.stringMatching(/\/api\/tenants\/auth$/),
        id_token_signing_alg_values_supported: ['ES256'],
        code_challenge_methods_supported: ['S256'],
      });
    });

    it('signs a tenant user into an application: code, ID token, userinfo, refresh', async () => {
      const { email, id } = await fixtures.userWithPassword(
        'acme',
        'administrator',
      );
      const flow = await authorize(app, email);
      expect(flow.callback.origin + flow.callback.pathname).toBe(
        APP.redirectUri,
      );
      expect(flow.callback.searchParams.get('iss')).toBe(
        issuer.metadata.issuer,
      );
      // openid-client checks state, the ID token's signature (JWKS),
      // issuer, audience, nonce and expiry.
      const tokens = await app.callback(APP.redirectUri, flow.params, {
        state: flow.state,
        nonce: flow.nonce,
        code_verifier: flow.verifier,
      });
      expect(tokens.claims()).toMatchObject({
        sub: id,
        aud: APP.clientId,
        email,
        tenant: 'acme',
        role: 'administrator',
        nonce: flow.nonce,
      });
      expect(await app.userinfo(tokens.access_token!)).toMatchObject({
        sub: id,
        email,
        tenant: 'acme',
        role: 'administrator',
      });
      const refreshed = await app.refresh(tokens.refresh_token!);
      expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
      expect(refreshed.claims().sub).toBe(id);
      // The rotated-out refresh token presented again ends the session.
      await expect(app.refresh(tokens.refresh_token!)).rejects.toThrow(
        errors.OPError,
      );
      await expect(app.refresh(refreshed.refresh_token!)).rejects.toThrow(
        /invalid_grant/,
      );
    });

    it('redeems a code once: a second redemption revokes the session', async () => {
      const { email } = await fixtures.userWithPassword('acme');
      const flow = await authorize(app, email);
      const checks = {
        state: flow.state,
        nonce: flow.nonce,
        code_verifier: flow.verifier,
      };
      const tokens = await app.callback(APP.redirectUri, flow.params, checks);
      await expect(
        app.callback(APP.redirectUri, flow.params, checks),
      ).rejects.toThrow(/invalid_grant/);
      await expect(app.refresh(tokens.refresh_token!)).rejects.toThrow(
        /invalid_grant/,
      );
      expect(ctx.audit.auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'authorization-code-reuse',
          severityLevel: 'critical',
        }),
      );
    });

    it('binds a code to its client, its PKCE verifier and the client secret', async () => {
      const { email } = await fixtures.userWithPassword('acme');
      const flow = await authorize(app, email);
      const token = (body: Record<string, string>, basic?: string) =>
        api()
          .post('/api/tenants/auth/oauth/token')
          .type('form')
          .set(
            'Authorization',
            `Basic ${Buffer.from(
              basic ?? `${APP.clientId}:${APP.clientSecret}`,
            ).toString('base64')}`,
          )
          .send({
            grant_type: 'authorization_code',
            redirect_uri: APP.redirectUri,
            code: flow.params.code!,
            ...body,
          });
      const wrongSecret = await token(
        { code_verifier: flow.verifier },
        `${APP.clientId}:not-the-secret`,
      );
      expect(wrongSecret.status).toBe(401);
      expect(wrongSecret.body.error).toBe('invalid_client');
      expect(wrongSecret.headers['www-authenticate']).toMatch(/^Basic/);
      const otherClient = await api()
        .post('/api/tenants/auth/oauth/token')
        .type('form')
        .send({
          grant_type: 'authorization_code',
          client_id: SPA.clientId,
          redirect_uri: SPA.redirectUri,
          code: flow.params.code!,
          code_verifier: flow.verifier,
        });
      expect(otherClient.status).toBe(400);
      expect(otherClient.body.error).toBe('invalid_grant');
      // That attempt used the code up: a stolen code is worth one try.
      const afterwards = await token({ code_verifier: flow.verifier });
      expect(afterwards.body.error).toBe('invalid_grant');

      const second = await authorize(app, email);
      const wrongVerifier = await api()
        .post('/api/tenants/auth/oauth/token')
        .type('form')
        .send({
          grant_type: 'authorization_code',
          client_id: APP.clientId,
          client_secret: APP.clientSecret,
          redirect_uri: APP.redirectUri,
          code: second.params.code!,
          code_verifier: generators.codeVerifier(),
        });
      expect(wrongVerifier.status).toBe(400);
      expect(wrongVerifier.body).toEqual({
        error: 'invalid_grant',
        error_description:
          'The code_verifier does not match the code_challenge',
      });
    });

    it('lets a public client in with PKCE only, and refuses one without it', async () => {
      const { email, id } = await fixtures.userWithPassword('globex');
      const flow = await authorize(spa, email);
      const tokens = await spa.callback(SPA.redirectUri, flow.params, {
        state: flow.state,
        nonce: flow.nonce,
        code_verifier: flow.verifier,
      });
      expect(tokens.claims()).toMatchObject({ sub: id, tenant: 'globex' });

      const noPkce = await api().get(
        pathOf(spa.authorizationUrl({ scope: 'openid', state: 'xyz' })),
      );
      expect(noPkce.status).toBe(303);
      const back = new URL(noPkce.headers.location);
      expect(back.origin + back.pathname).toBe(SPA.redirectUri);
      expect(back.searchParams.get('error')).toBe('invalid_request');
      expect(back.searchParams.get('state')).toBe('xyz');
    });

    it('never redirects to an unknown client or an unregistered redirect URI', async () => {
      const base = {
        response_type: 'code',
        scope: 'openid',
        code_challenge: generators.codeChallenge(generators.codeVerifier()),
        code_challenge_method: 'S256',
      };
      const unknown = await api()
        .get('/api/tenants/auth/authorize')
        .query({ ...base, client_id: 'nobody', redirect_uri: APP.redirectUri });
      expect(unknown.status).toBe(400);
      expect(unknown.headers.location).toBeUndefined();
      const elsewhere = await api()
        .get('/api/tenants/auth/authorize')
        .query({
          ...base,
          client_id: APP.clientId,
          redirect_uri: 'https://attacker.example/callback',
        });
      expect(elsewhere.status).toBe(400);
      expect(elsewhere.body.error.message).toMatch(/redirect_uri/);
      const implicit = await api()
        .get('/api/tenants/auth/authorize')
        .query({
          ...base,
          client_id: APP.clientId,
          redirect_uri: APP.redirectUri,
          response_type: 'token',
        });
      expect(new URL(implicit.headers.location).searchParams.get('error')).toBe(
        'unsupported_response_type',
      );
    });

    it("keeps applications' and first-party refresh tokens apart", async () => {
      const { email } = await fixtures.userWithPassword('acme');
      const flow = await authorize(app, email);
      const tokens = await app.callback(APP.redirectUri, flow.params, {
        state: flow.state,
        nonce: flow.nonce,
        code_verifier: flow.verifier,
      });
      const firstParty = await api()
        .post('/api/tenants/auth/token')
        .send({ refresh_token: tokens.refresh_token });
      expect(firstParty.status).toBe(401);
      expect(firstParty.body.error.message).toMatch(/another application/);

      const direct = await api()
        .post('/api/tenants/auth/login')
        .send({ email, password: GOOD_PASSWORD });
      await expect(app.refresh(direct.body.refresh_token)).rejects.toThrow(
        /another application/,
      );
      // Neither refusal ended the session: the app's token still works.
      expect((await app.refresh(tokens.refresh_token!)).access_token).toEqual(
        expect.any(String),
      );
    });

    it('ends a session when its application revokes the refresh token, and only then', async () => {
      const { email } = await fixtures.userWithPassword('acme');
      const flow = await authorize(app, email);
      const tokens = await app.callback(APP.redirectUri, flow.params, {
        state: flow.state,
        nonce: flow.nonce,
        code_verifier: flow.verifier,
      });
      // Another client's revocation changes nothing (and says nothing).
      await spa.revoke(tokens.refresh_token!);
      const still = await app.refresh(tokens.refresh_token!);
      await app.revoke(still.access_token!);
      // An access token is not revoked here (it expires on its own).
      const current = await app.refresh(still.refresh_token!);
      await app.revoke(current.refresh_token!);
      await expect(app.refresh(current.refresh_token!)).rejects.toThrow(
        /revoked/,
      );
      expect(ctx.audit.auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({ eventId: 'signout' }),
      );
    });

    it('completes a request once: a second sign-in on it is refused and its session ends', async () => {
      const { email } = await fixtures.userWithPassword('acme');
      const flow = await authorize(app, email);
      const again = await api().post('/api/tenants/auth/login').send({
        email,
        password: GOOD_PASSWORD,
        authorization_request: flow.request,
      });
      expect(again.status).toBe(400);
      expect(again.body.error.message).toMatch(/expired or was already used/);
      const described = await api()
        .get('/api/tenants/auth/authorize/request')
        .query({ request: flow.request });
      expect(described.status).toBe(400);
      const sessions = await ctx
        .knex('tenant_sessions')
        .where({ revoke_reason: 'authorization-request-expired' });
      expect(sessions).toHaveLength(1);
    });
  });
});

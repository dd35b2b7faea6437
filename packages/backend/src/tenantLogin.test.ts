import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import tenantLoginModule from '@controlplane/plugin-auth-backend-module-tenant-login-provider';
import tenantsPlugin from '@controlplane/plugin-tenants-backend';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startBackendWithRbac } from '@controlplane/test-utils/rbac';
import request from 'supertest';

jest.setTimeout(120_000);

// The portal's client at the tenants issuer. The issuer sends the browser
// to the registered redirect URI; the test backend's port is only known
// once it runs, so the auth backend is told this fixed callback URL and
// the test takes the code from the redirect to the real port itself.
const CALLBACK = 'http://localhost:7007/api/auth/tenantLogin/handler/frame';
const CLIENT_SECRET = 'integration-test-portal-client-secret';
const PASSWORD = 'Correct-Horse-7-battery';

/**
 * The tenant login end to end: the real auth backend with this portal's
 * tenant-login module signs a tenant user in through the real tenants
 * plugin's OpenID Connect issuer (authorization code, PKCE, client secret,
 * ES256 id token, userinfo), and the real RBAC policy gives the identity
 * its role in its tenant only.
 *
 * The test backend's auth service accepts only mock tokens, so requests
 * after sign-in carry mock credentials of the signed-in user, and a
 * stand-in user info service answers the ownership refs the sign-in
 * issued (what the real one reads from the Backstage token).
 */
describe('tenant login', () => {
  const databases = createPortalTestDatabases();
  const ownership = new Map<string, string[]>();
  const userInfoOfSignIns = createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    async factory() {
      return {
        async getUserInfo(credentials) {
          const { userEntityRef } = credentials.principal as {
            userEntityRef: string;
          };
          return {
            userEntityRef,
            ownershipEntityRefs: ownership.get(userEntityRef) ?? [
              userEntityRef,
            ],
          };
        },
      };
    },
  });

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let backend: Awaited<ReturnType<typeof startBackendWithRbac>>;
    const api = () => request(backend.server);
    const ada = (req: request.Test) =>
      req.set('Authorization', mockCredentials.user.header('user:default/ada'));

    beforeAll(async () => {
      backend = await startBackendWithRbac({
        databases,
        databaseId,
        features: [
          authPlugin,
          tenantLoginModule,
          tenantsPlugin,
          userInfoOfSignIns,
        ],
        pluginDatabases: ['auth', 'tenants'],
        keepOboActor: true,
        initialMembers: { 'platform-admin': ['user:default/ada'] },
        config: {
          app: { baseUrl: 'http://localhost:3000' },
          auth: {
            environment: 'development',
            session: { secret: 'integration-test-session-secret' },
            providers: {
              tenantLogin: {
                development: {
                  clientId: 'portal',
                  clientSecret: CLIENT_SECRET,
                  tokenSignedResponseAlg: 'ES256',
                  prompt: 'auto',
                  callbackUrl: CALLBACK,
                },
              },
            },
          },
          tenants: {
            secretKey: Buffer.alloc(32, 7).toString('base64'),
            signin: {
              clients: [
                {
                  clientId: 'portal',
                  name: 'Control Plane Portal',
                  clientSecret: CLIENT_SECRET,
                  redirectUris: [CALLBACK],
                },
              ],
            },
          },
        },
      });
      for (const tenant of ['acme', 'globex']) {
        const provisioned = await ada(
          api()
            .post('/api/tenants/tenants')
            .send({
              name: tenant,
              displayName: tenant,
              domain: `${tenant}.example`,
              plan: 'starter',
              ownerEmail: `first-owner@${tenant}.example`,
            }),
        );
        if (provisioned.status !== 201) {
          throw new Error(`Provisioning ${tenant}: ${provisioned.text}`);
        }
      }
    });

    afterAll(async () => {
      await backend?.stop();
    });

    /** A user of `tenant` with this role and a password. */
    async function tenantUser(tenant: string, role: string) {
      const email = `${role}-${Math.random()
        .toString(36)
        .slice(2, 8)}@${tenant}.example`;
      const invited = await ada(
        api()
          .post(`/api/tenants/tenants/${tenant}/invitations`)
          .send({ email, role }),
      );
      expect({ status: invited.status, error: invited.body.error }).toEqual({
        status: 201,
        error: undefined,
      });
      const token = new URL(invited.body.acceptUrl).searchParams.get('token');
      const accepted = await api()
        .post('/api/tenants/invitations/accept')
        .send({ token, password: PASSWORD });
      expect({ status: accepted.status, error: accepted.body.error }).toEqual({
        status: 201,
        error: undefined,
      });
      return { email, id: accepted.body.id as string };
    }

    const pathOf = (url: string) => {
      const parsed = new URL(url);
      return `${parsed.pathname}${parsed.search}`;
    };

    /** What the popup's page posts to the app. */
    function authResponseOf(html: string) {
      const data = /var authResponse = decodeURIComponent\('([^']*)'\)/.exec(
        html,
      );
      if (!data) throw new Error(`No auth response in ${html}`);
      return JSON.parse(decodeURIComponent(data[1]));
    }

    /**
     * The browser's way through: the portal's start, the issuer's
     * authorization endpoint, the login page's password sign-in, back to
     * the portal's handler with the code. Answers the handler's message and
     * the agent (its cookies: the session's refresh token).
     */
    async function signIn(tenant: string, email: string) {
      const browser = request.agent(backend.server);
      const start = await browser.get('/api/auth/tenantLogin/start').query({
        env: 'development',
        scope: 'openid profile email offline_access',
        origin: 'http://localhost:3000',
      });
      expect(start.status).toBe(302);
      const authorize = new URL(start.header.location);
      expect(authorize.pathname).toBe('/api/tenants/auth/authorize');
      expect(authorize.searchParams.get('client_id')).toBe('portal');
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');

      const loginPage = await browser.get(pathOf(authorize.toString()));
      expect(loginPage.status).toBe(303);
      const pending = new URL(loginPage.header.location).searchParams.get(
        'request',
      );

      const login = await browser.post('/api/tenants/auth/login').send({
        tenant,
        email,
        password: PASSWORD,
        authorization_request: pending,
      });
      expect({ status: login.status, error: login.body.error }).toEqual({
        status: 200,
        error: undefined,
      });
      const back = new URL(login.body.redirect_to);
      expect(`${back.origin}${back.pathname}`).toBe(CALLBACK);

      const handler = await browser.get(pathOf(back.toString()));
      expect(handler.status).toBe(200);
      return { message: authResponseOf(handler.text), browser };
    }

    it('signs an owner in as org-owner of their tenant, without a catalog user', async () => {
      const owner = await tenantUser('acme', 'owner');
      const { message, browser } = await signIn('acme', owner.email);
      expect(message.error).toBeUndefined();
      const { profile, backstageIdentity } = message.response;
      expect(profile).toEqual({
        displayName: owner.email,
        email: owner.email,
      });
      const userRef = `user:tenant-acme/${owner.id}`;
      expect(backstageIdentity.identity).toEqual({
        type: 'user',
        userEntityRef: userRef,
        ownershipEntityRefs: [userRef, 'group:tenant-acme/org-owner'],
      });

      // The session goes on through the issuer's refresh token and userinfo.
      const refreshed = await browser
        .get('/api/auth/tenantLogin/refresh')
        .query({ env: 'development' })
        .set('X-Requested-With', 'XMLHttpRequest');
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.backstageIdentity.identity.userEntityRef).toBe(
        userRef,
      );

      // What the policy makes of the identity: acme's tenant, not globex's.
      ownership.set(userRef, backstageIdentity.identity.ownershipEntityRefs);
      const asOwner = (req: request.Test) =>
        req.set('Authorization', mockCredentials.user.header(userRef));
      const tenants = await asOwner(api().get('/api/tenants/tenants'));
      expect(tenants.status).toBe(200);
      expect(tenants.body.items.map((t: { name: string }) => t.name)).toEqual([
        'acme',
      ]);
      expect(
        (await asOwner(api().get('/api/tenants/tenants/acme'))).status,
      ).toBe(200);
      expect(
        (await asOwner(api().get('/api/tenants/tenants/globex'))).status,
      ).not.toBe(200);
      // The pages of their role only.
      const access = await asOwner(
        api()
          .get('/api/rbac/access')
          .query('permission=tenants.tenant.read&permission=rbac.role.read'),
      );
      expect(access.status).toBe(200);
      expect(access.body.holds).toEqual({
        'tenants.tenant.read': true,
        'rbac.role.read': false,
      });
    });

    it('signs an administrator in as tenant-admin of their tenant', async () => {
      const admin = await tenantUser('globex', 'administrator');
      const { message } = await signIn('globex', admin.email);
      expect(message.error).toBeUndefined();
      expect(message.response.backstageIdentity.identity).toMatchObject({
        userEntityRef: `user:tenant-globex/${admin.id}`,
        ownershipEntityRefs: [
          `user:tenant-globex/${admin.id}`,
          'group:tenant-globex/tenant-admin',
        ],
      });
    });

    it('refuses a tenant user who is neither owner nor administrator', async () => {
      const user = await tenantUser('acme', 'user');
      const { message } = await signIn('acme', user.email);
      expect(message.response).toBeUndefined();
      expect(message.error).toMatchObject({
        name: 'NotAllowedError',
        message:
          'Only owners and administrators of an organization sign into the portal',
      });
    });
  });
});

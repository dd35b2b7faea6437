import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import request from 'supertest';
import authModuleTenantLoginProvider from './index';

/**
 * The module in the real auth backend, against an issuer that stands in
 * for the tenants plugin's (tests of the whole sign-in with the real
 * issuer: packages/backend/src/tenantLogin.test.ts). The issuer can be
 * down, as the tenants plugin may be while the backend starts.
 */
class ControllableIssuer {
  up = false;
  discoveries = 0;
  private constructor(private readonly server: Server, readonly url: string) {}

  static async start() {
    let url = '';
    let issuer: ControllableIssuer | undefined = undefined;
    const server = createServer((req, res) => {
      if (req.url !== '/.well-known/openid-configuration') {
        res.writeHead(404).end();
        return;
      }
      issuer!.discoveries += 1;
      if (!issuer!.up) {
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          issuer: url,
          authorization_endpoint: `${url}/authorize`,
          token_endpoint: `${url}/oauth/token`,
          userinfo_endpoint: `${url}/userinfo`,
          jwks_uri: `${url}/jwks.json`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['ES256'],
          code_challenge_methods_supported: ['S256'],
        }),
      );
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    issuer = new ControllableIssuer(server, url);
    return issuer;
  }

  get metadataUrl() {
    return `${this.url}/.well-known/openid-configuration`;
  }

  async close() {
    this.server.closeAllConnections();
    await new Promise(resolve => this.server.close(resolve));
  }
}

const client = {
  clientId: 'portal',
  clientSecret: 'test-portal-client-secret',
  tokenSignedResponseAlg: 'ES256',
  prompt: 'auto',
};

async function startBackend(auth: Record<string, unknown>) {
  return startTestBackend({
    features: [
      authPlugin,
      authModuleTenantLoginProvider,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          auth: { session: { secret: 'test-session-secret' }, ...auth },
        },
      }),
    ],
  });
}

const start = (
  backend: Awaited<ReturnType<typeof startBackend>>,
  env: string,
) =>
  request(backend.server)
    .get('/api/auth/tenantLogin/start')
    .query({ env, scope: 'openid profile email offline_access' });

describe('authModuleTenantLoginProvider', () => {
  let issuer: ControllableIssuer;

  beforeEach(async () => {
    issuer = await ControllableIssuer.start();
  });

  afterEach(async () => {
    await issuer.close();
  });

  it('starts while the issuer is down and discovers it once it answers', async () => {
    const backend = await startBackend({
      environment: 'development',
      providers: {
        tenantLogin: {
          development: { ...client, metadataUrl: issuer.metadataUrl },
        },
      },
    });
    try {
      // Nothing asked at startup.
      expect(issuer.discoveries).toBe(0);

      const refused = await start(backend, 'development');
      expect(refused.status).toBe(503);
      expect(refused.body.error).toMatchObject({
        name: 'ServiceUnavailableError',
        message: expect.stringContaining('could not be discovered'),
      });
      expect(refused.headers.location).toBeUndefined();
      expect(issuer.discoveries).toBe(1);

      issuer.up = true;
      const started = await start(backend, 'development');
      expect(started.status).toBe(302);
      const authorize = new URL(started.headers.location);
      expect(`${authorize.origin}${authorize.pathname}`).toBe(
        `${issuer.url}/authorize`,
      );
      expect(authorize.searchParams.get('client_id')).toBe('portal');
      expect(
        new URL(authorize.searchParams.get('redirect_uri')!).pathname,
      ).toBe('/api/auth/tenantLogin/handler/frame');
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      // `prompt: auto`: no prompt parameter, the issuer decides.
      expect(authorize.searchParams.has('prompt')).toBe(false);

      // Discovered once; later sign-ins reuse it.
      await start(backend, 'development').expect(302);
      expect(issuer.discoveries).toBe(2);
    } finally {
      await backend.stop();
    }
  });

  it('offers only the environment the portal runs in', async () => {
    issuer.up = true;
    const backend = await startBackend({
      environment: 'production',
      providers: {
        tenantLogin: {
          development: { ...client, metadataUrl: issuer.metadataUrl },
          production: { ...client, metadataUrl: issuer.metadataUrl },
        },
      },
    });
    try {
      expect((await start(backend, 'production')).status).toBe(302);
      const development = await start(backend, 'development');
      expect(development.status).toBe(404);
      expect(development.headers.location).toBeUndefined();
    } finally {
      await backend.stop();
    }
  });

  it('is not offered when not configured, or not for this environment', async () => {
    issuer.up = true;
    for (const auth of [
      { environment: 'development', providers: {} },
      {
        environment: 'production',
        providers: {
          tenantLogin: {
            development: { ...client, metadataUrl: issuer.metadataUrl },
          },
        },
      },
    ]) {
      const backend = await startBackend(auth);
      try {
        const res = await start(backend, auth.environment);
        expect(res.status).toBe(404);
        expect(res.headers.location).toBeUndefined();
      } finally {
        await backend.stop();
      }
    }
    expect(issuer.discoveries).toBe(0);
  });
});

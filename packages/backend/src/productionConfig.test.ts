import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { readHttpServerOptions } from '@backstage/backend-defaults/rootHttpRouter';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { FakeOidcIssuer, withEdgeHygiene } from '@controlplane/test-utils';
import Router from 'express-promise-router';
import authPlugin from '@backstage/plugin-auth-backend';
import oidcProviderModule from '@backstage/plugin-auth-backend-module-oidc-provider';
import demoProviderModule from '@controlplane/plugin-auth-backend-module-demo-provider';
import tenantLoginModule from '@controlplane/plugin-auth-backend-module-tenant-login-provider';
import { readSecretHashKey } from '@controlplane/plugin-apps-node';
import request from 'supertest';

/**
 * The production configuration, read from app-config.yaml +
 * app-config.production.yaml with the environment variables the README
 * documents, offers OIDC sign-in against the configured issuer and no demo
 * sign-in. The identity provider is outside the system, so a minimal
 * discovery endpoint stands in for it.
 */

const repoRoot = path.resolve(__dirname, '../../..');

describe('production configuration', () => {
  const savedEnv = { ...process.env };
  let issuer: FakeOidcIssuer;

  beforeAll(async () => {
    issuer = await FakeOidcIssuer.start();
  });
  afterAll(async () => {
    await issuer.close();
  });
  afterEach(() => {
    process.env = { ...savedEnv };
  });

  async function fullProductionConfig() {
    Object.assign(process.env, {
      PORTAL_BASE_URL: 'http://localhost:7007',
      REDIS_URL: 'redis://127.0.0.1:6379',
      AUTH_SESSION_SECRET: 'session-secret-for-tests',
      POSTGRES_HOST: '127.0.0.1',
      POSTGRES_PORT: '5432',
      POSTGRES_USER: 'postgres',
      POSTGRES_PASSWORD: 'unused',
      OIDC_METADATA_URL: issuer.metadataUrl,
      OIDC_CLIENT_ID: 'portal-client',
      OIDC_CLIENT_SECRET: 'portal-client-secret',
      TENANT_LOGIN_CLIENT_SECRET: 'tenant-login-client-secret',
      PORTAL_INITIAL_ADMIN: 'user:default/jane',
    });
    const { appConfigs } = await loadConfig({
      configRoot: repoRoot,
      configTargets: [
        { path: path.join(repoRoot, 'app-config.yaml') },
        { path: path.join(repoRoot, 'app-config.production.yaml') },
      ],
    });
    return ConfigReader.fromConfigs(appConfigs).get() as Record<string, any>;
  }

  async function productionConfig() {
    const data = await fullProductionConfig();
    // The test backend brings its own database and cache; the rest is
    // production's.
    delete data.backend.database;
    delete data.backend.cache;
    return data;
  }

  async function localConfig() {
    const { appConfigs } = await loadConfig({
      configRoot: repoRoot,
      configTargets: [{ path: path.join(repoRoot, 'app-config.yaml') }],
    });
    return ConfigReader.fromConfigs(appConfigs);
  }

  it('is the shape of several instances behind a load balancer', async () => {
    const data = await fullProductionConfig();
    // No static shared secret: Backstage 1.55 uses backend.auth.keys only
    // for external callers' static tokens.
    expect(data.backend.auth?.keys).toBeUndefined();
    expect(data.backend.cache).toEqual({
      store: 'redis',
      connection: 'redis://127.0.0.1:6379',
    });
    expect(data.events.useEventBus).toBe('always');
    expect(data.backend.database.client).toBe('pg');
    expect(data.backend.database.knexConfig.acquireConnectionTimeout).toBe(
      5000,
    );
    expect(data.backend.lifecycle.serverShutdownDelay).toEqual({ seconds: 5 });
  });

  it('listens only on loopback locally, on every interface in production', async () => {
    // Locally the demo sign-in trusts the caller: no other host may reach it.
    expect(
      readHttpServerOptions((await localConfig()).getConfig('backend')).listen,
    ).toEqual({ host: '127.0.0.1', port: 7007 });
    expect(
      readHttpServerOptions(
        new ConfigReader(await productionConfig()).getConfig('backend'),
      ).listen,
    ).toEqual({ host: '', port: 7007 });
  });

  it('answers errors without stack traces or paths in production', async () => {
    const data = await productionConfig();
    // A plugin whose routes fail: a bug (500) and bad input (400).
    const failingPlugin = createBackendPlugin({
      pluginId: 'failing',
      register(reg) {
        reg.registerInit({
          deps: { httpRouter: coreServices.httpRouter },
          async init({ httpRouter }) {
            const router = Router();
            router.get('/bug', () => {
              throw new Error('Something broke');
            });
            router.get('/input', () => {
              throw new InputError('Bad input');
            });
            httpRouter.use(router);
            httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
          },
        });
      },
    });
    const answersIn = async (nodeEnv: string) => {
      process.env.NODE_ENV = nodeEnv;
      const backend = await startTestBackend({
        features: [failingPlugin, mockServices.rootConfig.factory({ data })],
      });
      const server = withEdgeHygiene(backend.server, data);
      try {
        return {
          bug: await request(server).get('/api/failing/bug'),
          input: await request(server).get('/api/failing/input'),
          edge: await request(server).get('/api/failing/input?q=%00'),
        };
      } finally {
        await backend.stop();
      }
    };

    const production = await answersIn('production');
    expect(production.bug.status).toBe(500);
    expect(production.bug.body.error).toEqual({
      name: 'Error',
      message: 'Something broke',
    });
    expect(production.input.status).toBe(400);
    expect(production.input.body.error).toEqual({
      name: 'InputError',
      message: 'Bad input',
    });
    expect(production.edge.status).toBe(400);
    expect(production.edge.body.error.stack).toBeUndefined();
    for (const res of Object.values(production)) {
      expect(res.text).not.toContain(repoRoot);
      expect(res.text).not.toContain('"stack"');
    }

    // What decides it: Backstage's error middleware shows stacks only when
    // NODE_ENV is development (the local backend, reachable from this
    // machine only).
    const development = await answersIn('development');
    expect(development.bug.body.error.stack).toContain(repoRoot);
  });

  it('signs in through the configured OIDC issuer and offers no demo sign-in', async () => {
    const data = await productionConfig();
    expect(data.portal.signIn).toBe('oidc');
    expect(data.auth.environment).toBe('production');
    // No demo group is made a member of any role in production.
    expect(data.rbac.initialMembers).toEqual({
      'platform-admin': ['user:default/jane'],
      operator: [],
      approver: [],
      developer: [],
      auditor: [],
      'support-agent': [],
      'org-owner': [],
    });
    expect(
      data.auth.providers.oidc.production.signIn.resolvers[0].resolver,
    ).toBe('emailMatchingUserEntityProfileEmail');
    // Tenant login: production's own client secret and redirect, none of
    // app-config.yaml's public development ones.
    expect(data.auth.providers.tenantLogin.production).toMatchObject({
      clientId: 'portal',
      clientSecret: 'tenant-login-client-secret',
    });
    expect(data.tenants.signin.clients).toEqual([
      {
        clientId: 'portal',
        name: 'Control Plane Portal',
        clientSecret: 'tenant-login-client-secret',
        redirectUris: [
          'http://localhost:7007/api/auth/tenantLogin/handler/frame',
        ],
      },
    ]);
    // Neither the local demo tenants nor the local SSO secret key.
    expect(data.tenants.initialTenants).toEqual([]);
    expect(data.tenants.secretKey).toBeUndefined();
    expect(data.tenants.sso.allowPrivateIssuers).toBe(false);
    // No demo apps, and the local credential hash key is refused in
    // production: without APPS_SECRET_HASH_KEY the apps cannot start.
    expect(data.apps.initialApps).toEqual([]);
    expect(data.flags.initialFlags).toEqual([]);
    expect(data.apps.secretHashKey).toBeUndefined();
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    expect(() => readSecretHashKey(new ConfigReader(data))).toThrow(
      /APPS_SECRET_HASH_KEY/,
    );
    process.env.NODE_ENV = nodeEnv;

    process.env.NODE_ENV = 'production';
    const { server } = await startTestBackend({
      features: [
        authPlugin,
        oidcProviderModule,
        demoProviderModule,
        tenantLoginModule,
        mockServices.rootConfig.factory({ data }),
      ],
    });

    const start = await request(server)
      .get('/api/auth/oidc/start')
      .query({ env: 'production', scope: 'openid profile email' });
    expect(start.status).toBe(302);
    const location = new URL(start.header.location);
    expect(`${location.origin}${location.pathname}`).toBe(
      `${issuer.url}/authorize`,
    );
    expect(location.searchParams.get('client_id')).toBe('portal-client');
    // The test backend listens on its own port; the path is the README's.
    expect(new URL(location.searchParams.get('redirect_uri')!).pathname).toBe(
      '/api/auth/oidc/handler/frame',
    );

    // The demo provider of the local config stays off in production.
    expect((await request(server).get('/api/auth/demo/refresh')).status).toBe(
      404,
    );
    expect((await request(server).get('/api/auth/demo-users')).status).toBe(
      404,
    );
    // Nor tenant login's development entry (its client secret is public).
    expect(
      (
        await request(server)
          .get('/api/auth/tenantLogin/start')
          .query({ env: 'development', scope: 'openid' })
      ).status,
    ).toBe(404);
  });
});

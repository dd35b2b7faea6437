import { randomUUID } from 'node:crypto';
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import express from 'express';
import request from 'supertest';
import { appCredentialsServiceRef } from './service';
import {
  connectTestRedis,
  testRedisStatus,
  createTestCredential,
  FakeAppsServer,
  randomSecret,
  TEST_REDIS_URL,
  TEST_SECRET_HASH_KEY,
} from './testUtils';

/** A root logger that keeps every line, with its fields and errors. */
class CaptureLogger implements RootLoggerService {
  constructor(
    readonly lines: string[] = [],
    readonly fields: JsonObject = {},
  ) {}
  child(meta: JsonObject) {
    return new CaptureLogger(this.lines, { ...this.fields, ...meta });
  }
  #push(level: string, message: string, meta?: unknown) {
    const extra =
      meta instanceof Error ? `${meta.message} ${meta.stack}` : meta;
    this.lines.push(JSON.stringify({ level, message, extra, ...this.fields }));
  }
  error(message: string, meta?: Error | JsonObject) {
    this.#push('error', message, meta);
  }
  warn(message: string, meta?: Error | JsonObject) {
    this.#push('warn', message, meta);
  }
  info(message: string, meta?: Error | JsonObject) {
    this.#push('info', message, meta);
  }
  debug(message: string, meta?: Error | JsonObject) {
    this.#push('debug', message, meta);
  }
}

/** A plugin with routes for apps, as a domain plugin would write them. */
const widgetsPlugin = createBackendPlugin({
  pluginId: 'widgets',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        apps: appCredentialsServiceRef,
      },
      async init({ httpRouter, apps }) {
        const router = express.Router();
        router.use(express.json());
        router.post(
          '/ingest',
          apps.accept({ scope: 'audit:write', allowBackstage: ['service'] }),
          (req, res) => {
            apps.assertTenant(req, req.body.tenant);
            const app = apps.caller(req);
            res.json({ caller: app ? `app:${app.appName}` : 'backstage' });
          },
        );
        router.get(
          '/flags/:tenant',
          apps.accept({ scope: 'flags:read' }),
          (req, res) => {
            apps.assertTenant(req, req.params.tenant);
            res.json({ flags: [] });
          },
        );
        httpRouter.addAuthPolicy({ path: '/ingest', allow: 'unauthenticated' });
        httpRouter.addAuthPolicy({ path: '/flags', allow: 'unauthenticated' });
        httpRouter.use(router);
      },
    });
  },
});

describe('appCredentialsServiceRef', () => {
  let server: FakeAppsServer;
  let logger: CaptureLogger;
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;

  const billing = createTestCredential({
    appName: 'billing-sync',
    scopes: ['audit:write'],
    tenants: ['acme'],
  });
  const reader = createTestCredential({
    appName: 'flag-reader',
    scopes: ['flags:*'],
    tenants: ['acme', 'globex'],
  });

  beforeEach(async () => {
    server = new FakeAppsServer();
    await server.start();
    logger = new CaptureLogger();
    server.publish(
      [billing.credential, reader.credential],
      [
        {
          appId: reader.credential.appId,
          rules: [
            { routePattern: '/api/widgets/*', limitPerMinute: 600, burst: 50 },
            {
              routePattern: '/api/widgets/flags/*',
              limitPerMinute: 60,
              burst: 2,
            },
          ],
        },
      ],
    );
    backend = await startTestBackend({
      features: [
        widgetsPlugin,
        mockServices.rootConfig.factory({
          data: {
            apps: {
              secretHashKey: TEST_SECRET_HASH_KEY,
              rateLimits: { default: { limitPerMinute: 60, burst: 3 } },
              verifier: { usageFlushIntervalMs: 3_600_000 },
            },
          },
        }),
        server.discoveryFactory(),
        createServiceFactory({
          service: coreServices.rootLogger,
          deps: {},
          factory: () => logger,
        }),
      ],
    });
  });

  afterEach(async () => {
    await backend?.stop();
    await server.stop();
  });

  const api = () => request(backend!.server);
  const asApp = (req: request.Test, token: string) =>
    req.set('Authorization', `Bearer ${token}`);

  it('accepts an app with the scope and attaches it to the request', async () => {
    const res = await asApp(
      api().post('/api/widgets/ingest'),
      billing.token,
    ).send({ tenant: 'acme' });
    expect(res.body).toEqual({ caller: 'app:billing-sync' });
  });

  it('still accepts the Backstage principals the route allows, and only those', async () => {
    await api()
      .post('/api/widgets/ingest')
      .set('Authorization', mockCredentials.service.header())
      .send({ tenant: 'acme' })
      .expect(200, { caller: 'backstage' });
    const user = await api()
      .post('/api/widgets/ingest')
      .set('Authorization', mockCredentials.user.header())
      .send({ tenant: 'acme' });
    expect(user.status).toBe(403);
    const none = await api()
      .get('/api/widgets/flags/acme')
      .set('Authorization', mockCredentials.service.header());
    expect(none.status).toBe(401);
    expect(none.body.error.message).toBe(
      'This endpoint accepts app credentials only: send Authorization: Bearer <clientId>.<secret>',
    );
  });

  it('refuses bad credentials with 401, a missing scope or a foreign tenant with 403', async () => {
    const wrong = await asApp(
      api().post('/api/widgets/ingest'),
      `${billing.credential.clientId}.${randomSecret()}`,
    ).send({ tenant: 'acme' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toEqual({
      name: 'AuthenticationError',
      message: `Wrong secret for client id ${billing.credential.clientId}`,
    });

    const malformed = await asApp(
      api().post('/api/widgets/ingest'),
      'cp_live_nonsense',
    ).send({ tenant: 'acme' });
    expect(malformed.status).toBe(401);
    expect(malformed.body.error.message).toMatch(/^Malformed app credential/);

    const scope = await asApp(
      api().get('/api/widgets/flags/acme'),
      billing.token,
    );
    expect(scope.status).toBe(403);
    expect(scope.body.error).toEqual({
      name: 'NotAllowedError',
      message: 'This credential lacks the scope flags:read',
    });

    const tenant = await asApp(
      api().post('/api/widgets/ingest'),
      billing.token,
    ).send({ tenant: 'globex' });
    expect(tenant.status).toBe(403);
    expect(tenant.body.error.message).toBe(
      'The credential of app billing-sync does not serve tenant globex',
    );
  });

  it('limits calls per app and rule with 429 and Retry-After', async () => {
    // The app's most specific rule: a burst of 2 on /api/widgets/flags/*.
    await asApp(api().get('/api/widgets/flags/acme'), reader.token).expect(200);
    await asApp(api().get('/api/widgets/flags/globex'), reader.token).expect(
      200,
    );
    const limited = await asApp(
      api().get('/api/widgets/flags/acme'),
      reader.token,
    );
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(limited.body.error).toEqual({
      name: 'RateLimitedError',
      message: expect.stringMatching(
        /^Rate limit of app flag-reader exceeded: 60 calls per minute, bursts of 2 on \/api\/widgets\/flags\/\*; retry in \d+ s$/,
      ),
    });

    // The default (burst 3) for an app without rules; its own bucket.
    for (let i = 0; i < 3; i++) {
      await asApp(api().post('/api/widgets/ingest'), billing.token)
        .send({ tenant: 'acme' })
        .expect(200);
    }
    const defaultLimited = await asApp(
      api().post('/api/widgets/ingest'),
      billing.token,
    ).send({ tenant: 'acme' });
    expect(defaultLimited.status).toBe(429);
    expect(defaultLimited.body.error.message).toMatch(
      /^Rate limit of app billing-sync exceeded: 60 calls per minute, bursts of 3;/,
    );
  });

  it('never logs a secret or a token, whatever goes wrong', async () => {
    await asApp(api().post('/api/widgets/ingest'), billing.token)
      .send({ tenant: 'acme' })
      .expect(200);
    await asApp(api().post('/api/widgets/ingest'), billing.token)
      .send({ tenant: 'globex' })
      .expect(403);
    const wrongSecret = randomSecret();
    await asApp(
      api().post('/api/widgets/ingest'),
      `${billing.credential.clientId}.${wrongSecret}`,
    )
      .send({ tenant: 'acme' })
      .expect(401);
    for (let i = 0; i < 3; i++) {
      await asApp(api().get('/api/widgets/flags/acme'), reader.token);
    }
    // Make the apps plugin fail once, so its error is logged too.
    server.failUsageWith = 500;
    await backend!.stop();
    backend = undefined;

    expect(server.usageReports).toEqual([]);
    expect(logger.lines.join('\n')).toMatch(/Could not send app usage counts/);

    const logs = logger.lines.join('\n');
    for (const secret of [billing.secret, reader.secret, wrongSecret]) {
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toContain(billing.token);
  });

  it('sends the usage counts to the apps plugin', async () => {
    await asApp(api().post('/api/widgets/ingest'), billing.token)
      .send({ tenant: 'acme' })
      .expect(200);
    await asApp(api().post('/api/widgets/ingest'), billing.token)
      .send({ tenant: 'globex' })
      .expect(403);
    await asApp(
      api().post('/api/widgets/ingest'),
      `${billing.credential.clientId}.${randomSecret()}`,
    )
      .send({ tenant: 'acme' })
      .expect(401);
    for (let i = 0; i < 3; i++) {
      await asApp(api().get('/api/widgets/flags/acme'), reader.token);
    }
    await backend!.stop();
    backend = undefined;

    const entries = server.usageReports.flatMap(report => report.entries);
    const counts = entries.map(
      ({ credentialId, endpoint, successful, failed, rateLimited }) => ({
        credentialId,
        endpoint,
        successful,
        failed,
        rateLimited,
      }),
    );
    expect(counts).toEqual(
      expect.arrayContaining([
        {
          credentialId: billing.credential.credentialId,
          endpoint: 'POST /api/widgets/ingest',
          successful: 1,
          failed: 2,
          rateLimited: 0,
        },
        {
          credentialId: reader.credential.credentialId,
          endpoint: 'GET /api/widgets/flags/:tenant',
          successful: 2,
          failed: 0,
          rateLimited: 1,
        },
      ]),
    );
    expect(entries).toHaveLength(2);
  });
});

// Without Redis: skipped with the reason in the name, or failing when
// Redis is required (CI).
const redis = testRedisStatus();
// eslint-disable-next-line jest/no-disabled-tests
(redis.run ? describe : describe.skip)(
  `appCredentialsServiceRef with Redis${redis.note}`,
  () => {
    let admin: Awaited<ReturnType<typeof connectTestRedis>>;
    const server = new FakeAppsServer();
    // A unique app id per run keeps its Redis buckets apart from any other.
    const app = createTestCredential({
      appId: `test-${randomUUID()}`,
      appName: 'billing-sync',
    });

    beforeAll(async () => {
      admin = await connectTestRedis();
      await server.start();
      server.publish([app.credential]);
    });

    afterAll(async () => {
      if (admin) {
        const keys = await admin.keys(`*${app.credential.appId}*`);
        if (keys.length) await admin.del(keys);
        await admin.close();
      }
      await server.stop();
    });

    it('shares the buckets of every backend instance', async () => {
      const startInstance = () =>
        startTestBackend({
          features: [
            widgetsPlugin,
            server.discoveryFactory(),
            mockServices.rootConfig.factory({
              data: {
                backend: {
                  cache: { store: 'redis', connection: TEST_REDIS_URL },
                },
                apps: {
                  secretHashKey: TEST_SECRET_HASH_KEY,
                  rateLimits: { default: { limitPerMinute: 60, burst: 3 } },
                },
              },
            }),
          ],
        });
      const instances = [await startInstance(), await startInstance()];
      try {
        const call = (index: number) =>
          request(instances[index].server)
            .post('/api/widgets/ingest')
            .set('Authorization', `Bearer ${app.token}`)
            .send({ tenant: 'acme' });
        // Three calls spread over both instances use up the one bucket.
        expect((await call(0)).status).toBe(200);
        expect((await call(1)).status).toBe(200);
        expect((await call(0)).status).toBe(200);
        const limited = await call(1);
        expect(limited.status).toBe(429);
        expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(
          1,
        );
        expect(await admin.keys(`*${app.credential.appId}*`)).toHaveLength(1);
      } finally {
        await Promise.all(instances.map(instance => instance.stop()));
      }
    });
  },
);

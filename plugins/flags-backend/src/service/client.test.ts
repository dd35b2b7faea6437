import { OpenFeature as ServerOpenFeature } from '@openfeature/server-sdk';
import { OFREPProvider } from '@openfeature/ofrep-provider';
import {
  OpenFeature as WebOpenFeature,
  ProviderEvents,
} from '@openfeature/web-sdk';
import { OFREPWebProvider } from '@openfeature/ofrep-web-provider';
import {
  createPortalTestDatabases,
  eventually,
} from '@controlplane/test-utils';
import request from 'supertest';
import {
  booleanFlag,
  FlagsHarness,
  startFlagsBackend,
} from '../__testUtils__/harness';

jest.setTimeout(120_000);

/**
 * What managed apps get, through the real apps plugin's credentials: bulk
 * flags with ETags, tenant isolation, suspended tenants, evaluation metrics,
 * the change stream, and OFREP through the real OpenFeature server and web
 * providers, on SQLite and PostgreSQL.
 */
describe('flags for apps', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let h: FlagsHarness;
    let acmeApp: string;
    let twoTenantApp: string;
    let auditOnlyApp: string;

    beforeAll(async () => {
      h = await startFlagsBackend(databases, databaseId, {
        client: { maxStreamsPerApp: 2 },
      });
      await h.provision({ acme: 'professional', globex: 'free' });
      acmeApp = await h.appToken('acme-web', ['acme']);
      twoTenantApp = await h.appToken('shared-svc', ['acme', 'globex']);
      auditOnlyApp = await h.appToken('audit-only', ['acme'], ['audit:write']);
      const oscar = h.as('oscar');
      await oscar.post('/flags', booleanFlag('new_dashboard'));
      await oscar.put(
        '/flags/new_dashboard/values/production/plan:professional',
        { variant: 'on', reason: 'pro feature' },
      );
      await oscar.post('/flags', {
        key: 'theme',
        type: 'string',
        variants: [
          { name: 'light', value: 'light' },
          { name: 'dark', value: 'dark' },
        ],
        defaultVariant: 'light',
      });
      await oscar.put('/flags/theme/values/production/default', {
        variant: 'light',
        rules: [
          {
            constraints: [
              {
                attribute: 'appVersion',
                operator: 'semver_gt',
                values: ['2.0.0'],
              },
            ],
            variant: 'dark',
          },
          {
            constraints: [
              { attribute: 'beta', operator: 'in', values: ['true'] },
            ],
            rollout: [
              { variant: 'dark', weight: 50 },
              { variant: 'light', weight: 50 },
            ],
          },
        ],
        reason: 'dark mode for new apps',
      });
      await oscar.post('/flags', {
        key: 'limits',
        type: 'object',
        variants: [{ name: 'standard', value: { seats: 10 } }],
        defaultVariant: 'standard',
      });
    });

    afterAll(async () => {
      await ServerOpenFeature.close();
      await WebOpenFeature.close();
      await h?.backend.stop();
    });

    it('delivers all flags of the tenant with a strong ETag, 304 for the same one, and a new one after a change', async () => {
      const first = await h.asApp(acmeApp).get('/client/flags');
      expect(first.status).toBe(200);
      expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
      expect(first.headers['cache-control']).toBe('private, max-age=30');
      expect(first.body).toMatchObject({
        tenant: 'acme',
        environment: 'production',
        flags: {
          new_dashboard: {
            value: true,
            variant: 'on',
            reason: 'STATIC',
            layer: 'plan',
          },
          theme: { value: 'light', reason: 'STATIC', layer: 'environment' },
          limits: { value: { seats: 10 }, reason: 'DEFAULT' },
        },
      });

      const again = await h
        .asApp(acmeApp)
        .get('/client/flags')
        .set('If-None-Match', first.headers.etag);
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
      expect(again.headers.etag).toBe(first.headers.etag);

      // Another tenant's override does not concern acme: still 304.
      await h
        .as('oscar')
        .put('/flags/new_dashboard/values/production/tenant:globex', {
          variant: 'on',
          reason: 'pilot',
        });
      expect(
        (
          await h
            .asApp(acmeApp)
            .get('/client/flags')
            .set('If-None-Match', first.headers.etag)
        ).status,
      ).toBe(304);

      await h
        .as('oscar')
        .put('/flags/new_dashboard/values/production/tenant:acme', {
          variant: 'off',
          reason: 'opt out',
        });
      const changed = await h
        .asApp(acmeApp)
        .get('/client/flags')
        .set('If-None-Match', first.headers.etag);
      expect(changed.status).toBe(200);
      expect(changed.headers.etag).not.toBe(first.headers.etag);
      expect(changed.body.flags.new_dashboard).toMatchObject({
        value: false,
        layer: 'tenant',
      });
      await h
        .as('oscar')
        .delete(
          '/flags/new_dashboard/values/production/tenant:acme?reason=back',
        );

      // The context is part of the answer and of its tag.
      const withContext = await h
        .asApp(acmeApp)
        .get(
          `/client/flags?targetingKey=u1&context=${encodeURIComponent(
            JSON.stringify({ appVersion: '2.1.0' }),
          )}`,
        );
      expect(withContext.body.flags.theme).toMatchObject({
        value: 'dark',
        reason: 'TARGETING_MATCH',
        ruleIndex: 0,
      });
      expect(withContext.headers.etag).not.toBe(first.headers.etag);
      expect(
        (await h.asApp(acmeApp).get('/client/flags?context=%5B1%5D')).status,
      ).toBe(400);
    });

    it("serves the app's own environment unless the request names one", async () => {
      await h.as('oscar').put('/flags/limits/values/staging/default', {
        variant: 'standard',
        rules: [],
      });
      const stagingApp = await h.appToken(
        'staging-web',
        ['acme'],
        ['flags:read'],
        'staging',
      );
      const own = await h.asApp(stagingApp).get('/client/flags');
      expect(own.body).toMatchObject({
        environment: 'staging',
        flags: { limits: { layer: 'environment' } },
      });
      const named = await h
        .asApp(stagingApp)
        .get('/client/flags?environment=production');
      expect(named.body).toMatchObject({
        environment: 'production',
        flags: { limits: { layer: 'default' } },
      });
      const ofrep = await h
        .asApp(stagingApp)
        .post('/ofrep/v1/evaluate/flags/limits', { context: {} });
      expect(ofrep.body.metadata).toMatchObject({ layer: 'environment' });
    });

    it('serves only the tenants the credential serves', async () => {
      expect(
        (await h.asApp(acmeApp).get('/client/flags?tenant=globex')).status,
      ).toBe(403);
      expect((await h.asApp(twoTenantApp).get('/client/flags')).status).toBe(
        400,
      );
      const globex = await h
        .asApp(twoTenantApp)
        .get('/client/flags?tenant=globex');
      expect(globex.status).toBe(200);
      expect(globex.body.flags.new_dashboard).toMatchObject({
        value: true,
        layer: 'tenant',
      });
      expect((await h.asApp(auditOnlyApp).get('/client/flags')).status).toBe(
        403,
      );
      expect(
        (await request(h.backend.server).get('/api/flags/client/flags')).status,
      ).toBe(401);
      expect(
        (await h.asApp('cp_test_unknown.secret').get('/client/flags')).status,
      ).toBe(401);
      // Users read flags through the portal's API, not the apps' one.
      expect((await h.as('ada').get('/client/flags?tenant=acme')).status).toBe(
        403,
      );
    });

    it('refuses the apps of a suspended tenant within seconds, and serves them again after reactivation', async () => {
      const app = await h.appToken('suspendable', ['globex']);
      expect((await h.asApp(app).get('/client/flags')).status).toBe(200);
      await h.tenantEvent({
        type: 'tenant.suspended',
        tenant: 'globex',
        reason: 'unpaid',
      });
      await eventually(async () =>
        expect(
          (
            await h.asApp(app).get('/client/flags?tenant=globex')
          ).status,
        ).toBe(403),
      );
      const ofrep = await h
        .asApp(app)
        .post('/ofrep/v1/evaluate/flags', { context: { tenant: 'globex' } });
      expect(ofrep.status).toBe(403);
      await h.tenantEvent({ type: 'tenant.reactivated', tenant: 'globex' });
      await eventually(async () =>
        expect((await h.asApp(app).get('/client/flags')).status).toBe(200),
      );
    });

    it('counts which apps evaluated which flags per tenant and hour', async () => {
      const app = await h.appToken('metrics-app', ['acme']);
      for (let i = 0; i < 3; i++)
        await h
          .asApp(app)
          .post('/ofrep/v1/evaluate/flags/theme', { context: {} });
      await eventually(async () => {
        const metrics = await h.as('oscar').get('/flags/theme/metrics?hours=2');
        expect(metrics.status).toBe(200);
        expect(metrics.body.buckets).toEqual(
          expect.arrayContaining([
            {
              hour: expect.any(String),
              tenant: 'acme',
              app: 'metrics-app',
              count: 3,
            },
          ]),
        );
      });
      const listed = await h.as('oscar').get('/flags?search=theme');
      expect(listed.body.items[0].lastEvaluatedAt).toEqual(expect.any(String));
    });

    it("tells a connected app to refetch when its tenant's flags change, and only then", async () => {
      const port = h.baseUrl();
      const controller = new AbortController();
      const response = await fetch(`${port}/api/flags/client/stream`, {
        headers: { authorization: `Bearer ${acmeApp}` },
        signal: controller.signal,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(
        /^text\/event-stream/,
      );
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let received = '';
      const nextEvent = async (name: string) => {
        for (;;) {
          const match = new RegExp(`event: ${name}\\ndata: (.*)\\n\\n`).exec(
            received,
          );
          if (match) {
            received = received.slice(match.index + match[0].length);
            return JSON.parse(match[1]);
          }
          const { value, done } = await reader.read();
          if (done) throw new Error('stream ended');
          received += decoder.decode(value);
        }
      };
      expect(await nextEvent('ready')).toEqual({
        tenant: 'acme',
        environment: 'production',
      });
      // globex's override does not concern acme; acme's plan value does.
      await h.as('oscar').put('/flags/theme/values/production/tenant:globex', {
        variant: 'dark',
        reason: 'x',
      });
      await h
        .as('oscar')
        .put('/flags/theme/values/production/plan:professional', {
          variant: 'dark',
          reason: 'pro dark',
        });
      const changed = await nextEvent('flags-changed');
      expect(changed).toEqual({
        tenant: 'acme',
        environment: 'production',
        revision: expect.any(Number),
      });
      expect(received).not.toMatch(/flags-changed/);
      controller.abort();

      // A suspended tenant's app is cut off at the next heartbeat (1 s here).
      const app = await h.appToken('stream-suspended', ['initech']);
      await h.provision({ initech: 'starter' });
      const stream = await fetch(`${port}/api/flags/client/stream`, {
        headers: { authorization: `Bearer ${app}` },
      });
      expect(stream.status).toBe(200);
      const ended = stream.text();
      await h.tenantEvent({
        type: 'tenant.suspended',
        tenant: 'initech',
        reason: 'x',
      });
      await expect(ended).resolves.toMatch(/event: ready/);
      await h
        .as('oscar')
        .delete('/flags/theme/values/production/plan:professional?reason=back');
    });

    it('limits the open streams of one app on an instance', async () => {
      const app = await h.appToken('stream-hog', ['acme']);
      const open = () => {
        const controller = new AbortController();
        return fetch(`${h.baseUrl()}/api/flags/client/stream`, {
          headers: { authorization: `Bearer ${app}` },
          signal: controller.signal,
        }).then(response => ({ response, close: () => controller.abort() }));
      };
      const first = await open();
      const second = await open();
      const third = await open();
      expect([first, second, third].map(s => s.response.status)).toEqual([
        200, 200, 429,
      ]);
      expect(third.response.headers.get('retry-after')).toBe('30');
      first.close();
      await eventually(async () => {
        const again = await open();
        again.close();
        expect(again.response.status).toBe(200);
      });
      second.close();
    });

    describe('OFREP', () => {
      it("answers the protocol's shapes and error codes", async () => {
        const app = h.asApp(acmeApp);
        const one = await app.post('/ofrep/v1/evaluate/flags/theme', {
          context: { targetingKey: 'u1', appVersion: '3.0.0' },
        });
        expect(one.status).toBe(200);
        expect(one.body).toEqual({
          key: 'theme',
          value: 'dark',
          reason: 'TARGETING_MATCH',
          variant: 'dark',
          metadata: { layer: 'environment', ruleIndex: 0, lifecycle: 'active' },
        });
        expect(
          (await app.post('/ofrep/v1/evaluate/flags/nope', { context: {} }))
            .body,
        ).toEqual({
          key: 'nope',
          errorCode: 'FLAG_NOT_FOUND',
          errorDetails: 'No flag nope',
        });
        const missingKey = await app.post('/ofrep/v1/evaluate/flags/theme', {
          context: { beta: true },
        });
        expect(missingKey.status).toBe(400);
        expect(missingKey.body).toMatchObject({
          key: 'theme',
          errorCode: 'TARGETING_KEY_MISSING',
        });
        const badVersion = await app.post('/ofrep/v1/evaluate/flags/theme', {
          context: { appVersion: 'two' },
        });
        expect(badVersion.status).toBe(400);
        expect(badVersion.body).toMatchObject({
          key: 'theme',
          errorCode: 'PARSE_ERROR',
        });
        const notAnObject = await app.post('/ofrep/v1/evaluate/flags/theme', {
          context: 'x',
        });
        expect(notAnObject.status).toBe(400);
        expect(notAnObject.body).toMatchObject({ errorCode: 'PARSE_ERROR' });
        const noTenant = await h
          .asApp(twoTenantApp)
          .post('/ofrep/v1/evaluate/flags', { context: {} });
        expect(noTenant.status).toBe(400);
        expect(noTenant.body).toMatchObject({ errorCode: 'INVALID_CONTEXT' });
        const badEnvironment = await app.post(
          '/ofrep/v1/evaluate/flags/theme',
          { context: { environment: 'moon' } },
        );
        expect(badEnvironment.body).toMatchObject({
          errorCode: 'INVALID_CONTEXT',
        });

        const bulk = await app.post('/ofrep/v1/evaluate/flags', {
          context: { beta: 'true' },
        });
        expect(bulk.status).toBe(200);
        expect(bulk.body.flags).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              key: 'new_dashboard',
              value: true,
              reason: 'STATIC',
            }),
            {
              key: 'theme',
              errorCode: 'TARGETING_KEY_MISSING',
              errorDetails: expect.any(String),
            },
          ]),
        );
        const unchanged = await app
          .post('/ofrep/v1/evaluate/flags', { context: { beta: 'true' } })
          .set('If-None-Match', bulk.headers.etag);
        expect(unchanged.status).toBe(304);
      });

      it('works with the OpenFeature server SDK and its OFREP provider, error codes included', async () => {
        await ServerOpenFeature.setProviderAndWait(
          'flags-server',
          new OFREPProvider({
            baseUrl: `${h.baseUrl()}/api/flags`,
            headers: [['Authorization', `Bearer ${acmeApp}`]],
          }),
        );
        const client = ServerOpenFeature.getClient('flags-server');
        expect(
          await client.getBooleanDetails('new_dashboard', false, {
            targetingKey: 'u1',
          }),
        ).toMatchObject({
          value: true,
          variant: 'on',
          reason: 'STATIC',
          flagMetadata: { layer: 'plan', lifecycle: 'active' },
        });
        expect(
          await client.getStringValue('theme', 'light', {
            targetingKey: 'u1',
            appVersion: '2.5.0',
          }),
        ).toBe('dark');
        expect(await client.getObjectValue('limits', {})).toEqual({
          seats: 10,
        });
        expect(
          await client.getBooleanDetails('nope', false, { targetingKey: 'u1' }),
        ).toMatchObject({
          value: false,
          reason: 'ERROR',
          errorCode: 'FLAG_NOT_FOUND',
        });
        expect(
          await client.getStringDetails('theme', 'x', { beta: 'true' }),
        ).toMatchObject({ value: 'x', errorCode: 'TARGETING_KEY_MISSING' });
        expect(
          await client.getStringDetails('theme', 'x', {
            targetingKey: 'u1',
            appVersion: 'two',
          }),
        ).toMatchObject({ value: 'x', errorCode: 'PARSE_ERROR' });
        expect(
          await client.getBooleanDetails('theme', false, {
            targetingKey: 'u1',
          }),
        ).toMatchObject({ value: false, errorCode: 'TYPE_MISMATCH' });

        await ServerOpenFeature.setProviderAndWait(
          'flags-server-shared',
          new OFREPProvider({
            baseUrl: `${h.baseUrl()}/api/flags`,
            headers: [['Authorization', `Bearer ${twoTenantApp}`]],
          }),
        );
        const shared = ServerOpenFeature.getClient('flags-server-shared');
        expect(
          await shared.getBooleanDetails('new_dashboard', false, {
            targetingKey: 'u1',
          }),
        ).toMatchObject({ errorCode: 'INVALID_CONTEXT' });
        expect(
          await shared.getBooleanValue('new_dashboard', false, {
            targetingKey: 'u1',
            tenant: 'globex',
          }),
        ).toBe(true);
      });

      it('works with the OpenFeature web SDK and its OFREP provider (bulk evaluation with ETags)', async () => {
        await WebOpenFeature.setContext('flags-web', {
          targetingKey: 'u1',
          appVersion: '2.5.0',
        });
        await WebOpenFeature.setProviderAndWait(
          'flags-web',
          new OFREPWebProvider({
            baseUrl: `${h.baseUrl()}/api/flags`,
            headers: [['Authorization', `Bearer ${acmeApp}`]],
            cacheMode: 'disabled',
            disableVisibilityRefresh: true,
          }),
        );
        const client = WebOpenFeature.getClient('flags-web');
        expect(client.getBooleanDetails('new_dashboard', false)).toMatchObject({
          value: true,
          variant: 'on',
          reason: 'STATIC',
        });
        expect(client.getStringValue('theme', 'light')).toBe('dark');
        expect(client.getObjectValue('limits', {})).toEqual({ seats: 10 });
        expect(client.getBooleanDetails('nope', false)).toMatchObject({
          value: false,
          errorCode: 'FLAG_NOT_FOUND',
        });
        expect(client.getNumberDetails('theme', 1)).toMatchObject({
          value: 1,
          errorCode: 'TYPE_MISMATCH',
        });
        await WebOpenFeature.setContext('flags-web', { beta: 'true' });
        expect(client.getStringDetails('theme', 'x')).toMatchObject({
          value: 'x',
          errorCode: 'TARGETING_KEY_MISSING',
        });
        await WebOpenFeature.setContext('flags-web', {
          targetingKey: 'u1',
          appVersion: 'two',
        });
        expect(client.getStringDetails('theme', 'x')).toMatchObject({
          value: 'x',
          errorCode: 'PARSE_ERROR',
        });
        // A context naming no valid tenant: the bulk request is a 400
        // INVALID_CONTEXT, which the web provider reports as a provider error.
        const errors: string[] = [];
        client.addHandler(ProviderEvents.Error, details => {
          errors.push(details?.message ?? '');
        });
        await WebOpenFeature.setContext('flags-web', {
          targetingKey: 'u1',
          tenant: 42,
        });
        await eventually(async () =>
          expect(errors).toEqual([expect.stringMatching(/status: 400/)]),
        );
      });
    });
  });
});

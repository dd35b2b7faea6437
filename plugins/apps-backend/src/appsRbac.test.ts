import {
  CLIENT_ID_PATTERN,
  CredentialSnapshot,
  IssuedCredential,
  ManagedApp,
  parseAppToken,
} from '@controlplane/plugin-apps-common';
import { hashSecret } from '@controlplane/plugin-apps-node';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startAppsBackend, TEST_HASH_KEY } from './__testUtils__/harness';

jest.setTimeout(120_000);

const hashOf = (secret: string) =>
  hashSecret(Buffer.from(TEST_HASH_KEY, 'utf8'), secret);

const APP_TABLES = [
  'apps',
  'app_tenants',
  'app_rate_limits',
  'app_credentials',
  'app_credential_usage',
  'app_blocked_tenants',
  'apps_snapshot_revision',
];

/**
 * End to end through the real router, the real permission backend and the
 * RBAC policy with its seeded roles, on SQLite and PostgreSQL.
 */
describe('apps backend with the real RBAC policy', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let harness: Awaited<ReturnType<typeof startAppsBackend>>;
    const secrets: string[] = [];
    const apps: Record<string, ManagedApp> = {};

    const issue = async (
      appId: string,
      body: object = { name: 'CI key', scopes: ['audit:write'] },
      who = 'oscar',
    ): Promise<IssuedCredential> => {
      const res = await harness.as(who).post(`/apps/${appId}/api-keys`, body);
      expect(res.status).toBe(201);
      secrets.push(res.body.clientSecret);
      return res.body;
    };
    const snapshot = async (): Promise<CredentialSnapshot> => {
      const res = await harness.as('plugin:audit').get('/credentials/snapshot');
      expect(res.status).toBe(200);
      return res.body;
    };
    const inSnapshot = async (credentialId: string) =>
      (await snapshot()).credentials.find(c => c.credentialId === credentialId);

    beforeAll(async () => {
      harness = await startAppsBackend(databases, databaseId);
      const register = async (
        name: string,
        tenants: string[],
        env = 'production',
      ) => {
        const res = await harness.as('oscar').post('/apps', {
          name,
          title: `The ${name}`,
          environment: env,
          owner: 'group:default/team-apps',
          tenants,
        });
        if (res.status !== 201) {
          throw new Error(`Registering ${name}: ${res.status} ${res.text}`);
        }
        apps[name] = res.body;
      };
      await register('acme-sync', ['acme']);
      await register('shared-sync', ['acme', 'globex']);
      await register('lonely', [], 'development');
      await register('globex-sync', ['globex'], 'staging');
    });

    afterAll(async () => {
      if (!harness) return;
      try {
        await expectNoSecretAnywhere();
      } finally {
        await harness.stop();
      }
    });

    /** Whatever happened in this run: no secret is stored, logged or audited. */
    async function expectNoSecretAnywhere() {
      expect(secrets.length).toBeGreaterThan(5);
      const stored: string[] = [];
      for (const table of APP_TABLES) {
        for (const row of await harness.knex(table).select('*')) {
          stored.push(
            ...Object.values(row).map(value =>
              value instanceof Date ? value.toISOString() : String(value),
            ),
          );
        }
      }
      const audited = JSON.stringify([
        (harness.audit.auditor.createEvent as jest.Mock).mock.calls.map(
          ([options]) => options.meta,
        ),
        harness.audit.success.mock.calls,
        harness.audit.fail.mock.calls.map(([o]: any) => [
          o?.meta,
          o?.error?.message,
        ]),
      ]);
      const logs = harness.logs.join('\n');
      expect(logs.length).toBeGreaterThan(0);
      for (const secret of secrets) {
        expect(stored.filter(value => value.includes(secret))).toEqual([]);
        expect(logs.includes(secret)).toBe(false);
        expect(audited.includes(secret)).toBe(false);
      }
    }

    it('registers, updates, disables and enables apps, and publishes their events', async () => {
      const app = apps['acme-sync'];
      expect(app).toMatchObject({
        name: 'acme-sync',
        environment: 'production',
        status: 'active',
        tenants: ['acme'],
        createdBy: 'user:default/oscar',
        rateLimits: [],
      });
      expect(
        (
          await harness.as('oscar').post('/apps', {
            name: 'acme-sync',
            environment: 'staging',
            owner: 'group:default/x',
          })
        ).status,
      ).toBe(409);

      const updated = await harness.as('oscar').patch(`/apps/${app.id}`, {
        title: 'Acme sync',
        tenants: ['acme', 'initech'],
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({
        title: 'Acme sync',
        tenants: ['acme', 'initech'],
      });
      await harness.as('oscar').patch(`/apps/${app.id}`, { tenants: ['acme'] });

      const disabled = await harness
        .as('oscar')
        .post(`/apps/${app.id}/disable`, { reason: 'Leaked key' });
      expect(disabled.status).toBe(200);
      expect(disabled.body).toMatchObject({
        status: 'disabled',
        disabledReason: 'Leaked key',
      });
      expect(
        (
          await harness.as('oscar').post(`/apps/${app.id}/disable`, {
            reason: 'Again',
          })
        ).status,
      ).toBe(409);
      const enabled = await harness.as('oscar').post(`/apps/${app.id}/enable`);
      expect(enabled.status).toBe(200);
      expect(enabled.body.status).toBe('active');
      expect(enabled.body.disabledReason).toBeUndefined();

      const types = harness.published
        .filter(event => event.topic === 'controlplane.apps')
        .filter(event => (event.eventPayload as any).appId === app.id)
        .map(event => (event.eventPayload as any).type);
      expect(types).toEqual([
        'app.registered',
        'app.updated',
        'app.updated',
        'app.disabled',
        'app.enabled',
      ]);
    });

    it('answers 400 for bad input and changes nothing', async () => {
      const app = apps['globex-sync'];
      const before = await harness.as('oscar').get(`/apps/${app.id}`);
      const revision = (await snapshot()).revision;
      const bad: [string, string, object][] = [
        [
          'post',
          '/apps',
          {
            name: 'Bad Name',
            environment: 'production',
            owner: 'group:default/a',
          },
        ],
        [
          'post',
          '/apps',
          { name: 'ok-name', environment: 'moon', owner: 'group:default/a' },
        ],
        [
          'post',
          '/apps',
          {
            name: 'ok-name',
            environment: 'production',
            owner: 'group:default/a',
            tenants: ['Not A Tenant'],
          },
        ],
        [
          'post',
          '/apps',
          {
            name: 'ok-name',
            environment: 'production',
            owner: 'nobody at all',
          },
        ],
        ['patch', `/apps/${app.id}`, { tenants: ['UPPER'] }],
        ['patch', `/apps/${app.id}`, { status: 'disabled' }],
        [
          'put',
          `/apps/${app.id}/rate-limits`,
          { rules: [{ routePattern: 'audit', limitPerMinute: 1, burst: 1 }] },
        ],
        [
          'put',
          `/apps/${app.id}/rate-limits`,
          {
            rules: [
              { routePattern: '/api/flags/*', limitPerMinute: 0, burst: 1 },
            ],
          },
        ],
        [
          'put',
          `/apps/${app.id}/rate-limits`,
          {
            rules: [
              { routePattern: '/api/flags/*', limitPerMinute: 5, burst: 1 },
              { routePattern: '/api/flags/*', limitPerMinute: 6, burst: 1 },
            ],
          },
        ],
        ['post', `/apps/${app.id}/disable`, {}],
        ['post', `/apps/${app.id}/api-keys`, { name: 'k', scopes: [] }],
        [
          'post',
          `/apps/${app.id}/api-keys`,
          { name: 'k', scopes: ['audit:delete'] },
        ],
        [
          'post',
          `/apps/${app.id}/api-keys`,
          {
            name: 'k',
            scopes: ['audit:write'],
            expiresAt: '2001-01-01T00:00:00Z',
          },
        ],
        [
          'post',
          `/apps/${app.id}/api-keys`,
          { name: 'k', scopes: ['audit:write'], expiresAt: 'tomorrow' },
        ],
      ];
      for (const [method, path, body] of bad) {
        const res = await (harness.as('oscar') as any)[method](path, body);
        expect([method, path, res.status]).toEqual([method, path, 400]);
        expect(res.body.error.name).toBe('InputError');
      }
      expect((await harness.as('oscar').get('/apps/not-a-uuid')).status).toBe(
        400,
      );
      expect((await harness.as('oscar').get(`/apps/${app.id}`)).body).toEqual(
        before.body,
      );
      expect((await snapshot()).revision).toBe(revision);
      expect(
        (await harness.as('oscar').get(`/api-keys?appId=${app.id}`)).body.total,
      ).toBe(0);
      expect(
        (await harness.knex('apps').where({ name: 'ok-name' })).length,
      ).toBe(0);
    });

    it('grants by role: operator all, developer builds, support reads, nobody nothing', async () => {
      const app = apps.lonely;
      const names = (res: any) => res.body.items.map((a: ManagedApp) => a.name);
      expect(names(await harness.as('oscar').get('/apps'))).toEqual([
        'acme-sync',
        'globex-sync',
        'lonely',
        'shared-sync',
      ]);
      expect(
        names(await harness.as('dev').get('/apps?search=SYNC&limit=2')),
      ).toEqual(['acme-sync', 'globex-sync']);
      expect(names(await harness.as('sue').get('/apps?tenant=globex'))).toEqual(
        ['globex-sync', 'shared-sync'],
      );
      expect((await harness.as('nobody').get('/apps')).status).toBe(403);
      expect((await harness.as('nobody').get(`/apps/${app.id}`)).status).toBe(
        403,
      );

      // The developer registers apps and issues keys, but changes nothing else.
      const registered = await harness.as('dev').post('/apps', {
        name: 'dev-tool',
        environment: 'development',
        owner: 'user:default/dev',
      });
      expect(registered.status).toBe(201);
      apps['dev-tool'] = registered.body;
      const issued = await issue(registered.body.id, undefined, 'dev');
      expect(issued.credential.clientId).toMatch(/^cp_test_/);
      expect(
        (await harness.as('dev').get(`/api-keys/${issued.credential.id}`))
          .status,
      ).toBe(200);
      expect(
        (await harness.as('dev').get(`/api-keys/${issued.credential.id}/usage`))
          .status,
      ).toBe(200);
      expect(
        (await harness.as('dev').patch(`/apps/${app.id}`, { title: 'x' }))
          .status,
      ).toBe(403);
      expect(
        (
          await harness
            .as('dev')
            .post(`/apps/${app.id}/disable`, { reason: 'no way' })
        ).status,
      ).toBe(403);
      // Credentials of the developer's own apps only (owned grants):
      // another team's app is out of reach, like a missing one.
      const othersKey = await issue(app.id);
      expect(
        (
          await harness.as('dev').post(`/apps/${app.id}/api-keys`, {
            name: 'k',
            scopes: ['audit:write'],
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await harness
            .as('dev')
            .post(`/api-keys/${othersKey.credential.id}/rotate`, {})
        ).status,
      ).toBe(404);
      expect(
        (await harness.as('dev').delete(`/api-keys/${othersKey.credential.id}`))
          .status,
      ).toBe(404);
      expect(
        (
          await harness
            .as('dev')
            .post(`/api-keys/${issued.credential.id}/rotate`, {})
        ).status,
      ).toBe(200);
      expect(
        (await harness.as('dev').delete(`/api-keys/${issued.credential.id}`))
          .status,
      ).toBe(200);
      // ...and registers apps only for themselves or their groups.
      const forOthers = await harness.as('dev').post('/apps', {
        name: 'dev-for-others',
        environment: 'development',
        owner: 'group:default/team-apps',
      });
      expect(forOthers.status).toBe(403);
      expect(forOthers.body.error.message).toMatch(
        /only for yourself or your groups/,
      );

      // Support reads apps only.
      expect((await harness.as('sue').get(`/apps/${app.id}`)).status).toBe(200);
      expect((await harness.as('sue').get('/api-keys')).status).toBe(403);
      expect(
        (
          await harness.as('sue').post('/apps', {
            name: 'sue-app',
            environment: 'development',
            owner: 'user:default/sue',
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await harness
            .as('oscar')
            .patch(`/apps/${app.id}`, { title: 'Lonely' })
        ).status,
      ).toBe(200);
    });

    it('scopes a tenant member to apps all of whose tenants are theirs', async () => {
      const names = (res: any) => res.body.items.map((a: ManagedApp) => a.name);
      expect(names(await harness.as('tina').get('/apps'))).toEqual([
        'acme-sync',
      ]);
      expect(
        (await harness.as('tina').get(`/apps/${apps['acme-sync'].id}`)).status,
      ).toBe(200);
      for (const other of ['shared-sync', 'globex-sync', 'lonely']) {
        expect(
          (await harness.as('tina').get(`/apps/${apps[other].id}`)).status,
        ).toBe(404);
        expect(
          (
            await harness
              .as('tina')
              .patch(`/apps/${apps[other].id}`, { title: 'mine' })
          ).status,
        ).toBe(404);
        expect(
          (
            await harness.as('tina').post(`/apps/${apps[other].id}/api-keys`, {
              name: 'k',
              scopes: ['flags:read'],
            })
          ).status,
        ).toBe(404);
      }
      // Nor can they make their app reach another tenant, or none.
      const own = apps['acme-sync'].id;
      for (const tenants of [['acme', 'globex'], []]) {
        expect(
          (await harness.as('tina').patch(`/apps/${own}`, { tenants })).status,
        ).toBe(403);
      }
      expect(
        (await harness.as('tina').patch(`/apps/${own}`, { tenants: ['acme'] }))
          .status,
      ).toBe(200);
      expect(
        (await harness.as('oscar').get(`/apps/${own}`)).body.tenants,
      ).toEqual(['acme']);
      // Registering is basic: a scoped member never gets it.
      expect(
        (
          await harness.as('tina').post('/apps', {
            name: 'tina-app',
            environment: 'development',
            owner: 'user:default/tina',
            tenants: ['acme'],
          })
        ).status,
      ).toBe(403);

      const mine = await issue(apps['acme-sync'].id, undefined, 'tina');
      const other = await issue(apps['shared-sync'].id);
      const keys = await harness.as('tina').get('/api-keys');
      expect(keys.status).toBe(200);
      const ids = keys.body.records.map((k: any) => k.id);
      expect(ids).toContain(mine.credential.id);
      expect(ids).not.toContain(other.credential.id);
      expect(
        keys.body.records.every((k: any) => k.appName === 'acme-sync'),
      ).toBe(true);
      expect(
        (await harness.as('tina').get(`/api-keys/${other.credential.id}`))
          .status,
      ).toBe(404);
      expect(
        (await harness.as('tina').delete(`/api-keys/${other.credential.id}`))
          .status,
      ).toBe(404);
      expect(
        (await harness.as('tina').delete(`/api-keys/${mine.credential.id}`))
          .status,
      ).toBe(200);
    });

    it('shows a secret once, never again, and stores only its hash', async () => {
      const issued = await issue(apps['acme-sync'].id, {
        name: 'Production Integration',
        scopes: ['billing:write', 'audit:write', 'audit:write'],
        expiresAt: '2099-12-31T23:59:59Z',
      });
      const { credential, clientSecret, token } = issued;
      expect(credential.clientId).toMatch(CLIENT_ID_PATTERN);
      expect(credential.clientId.startsWith('cp_live_')).toBe(true);
      expect(clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(parseAppToken(token)).toEqual({
        clientId: credential.clientId,
        secret: clientSecret,
      });
      expect(credential).toMatchObject({
        name: 'Production Integration',
        scopes: ['billing:write', 'audit:write'],
        status: 'active',
        expiresAt: '2099-12-31T23:59:59.000Z',
        prefix: credential.clientId.slice(0, 12),
        createdBy: 'user:default/oscar',
      });

      const read = await harness.as('oscar').get(`/api-keys/${credential.id}`);
      const list = await harness
        .as('oscar')
        .get(`/api-keys?appId=${apps['acme-sync'].id}`);
      for (const body of [read.text, list.text]) {
        expect(body).not.toContain(clientSecret);
        expect(body).not.toContain(hashOf(clientSecret));
      }
      expect(read.body).toEqual(credential);
      const row = await harness
        .knex('app_credentials')
        .where({ id: credential.id })
        .first();
      expect(row.secret_hash).toBe(hashOf(clientSecret));

      const entry = await inSnapshot(credential.id);
      expect(entry).toMatchObject({
        clientId: credential.clientId,
        appName: 'acme-sync',
        secretHashes: [{ hash: hashOf(clientSecret) }],
        tenants: ['acme'],
        expiresAt: '2099-12-31T23:59:59.000Z',
      });
      expect(entry?.refused).toBeUndefined();

      // Keyset pages add up to the total.
      const seen: string[] = [];
      let cursor: string | undefined;
      let total = 0;
      do {
        const page = await harness
          .as('oscar')
          .get(`/api-keys?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        total = page.body.total;
        seen.push(...page.body.records.map((k: any) => k.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(total);
      expect(
        (await harness.as('oscar').get('/api-keys?cursor=garbage')).status,
      ).toBe(400);
    });

    it('refuses credentials for a disabled app', async () => {
      const app = apps.lonely;
      await harness
        .as('oscar')
        .post(`/apps/${app.id}/disable`, { reason: 'Paused' });
      expect(
        (
          await harness.as('oscar').post(`/apps/${app.id}/api-keys`, {
            name: 'k',
            scopes: ['flags:read'],
          })
        ).status,
      ).toBe(409);
      await harness.as('oscar').post(`/apps/${app.id}/enable`);
    });

    it('rotates with a grace period, keeping the client id', async () => {
      const issued = await issue(apps['globex-sync'].id);
      const first = issued.clientSecret;
      const rotated = await harness
        .as('oscar')
        .post(`/api-keys/${issued.credential.id}/rotate`, {
          gracePeriodHours: 24,
        });
      expect(rotated.status).toBe(200);
      secrets.push(rotated.body.clientSecret);
      expect(rotated.body.credential.clientId).toBe(issued.credential.clientId);
      expect(rotated.body.clientSecret).not.toBe(first);
      expect(rotated.body.credential.rotatedAt).toBeDefined();
      const until = rotated.body.credential.previousSecretValidUntil;
      const hours = (Date.parse(until) - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(23.9);
      expect(hours).toBeLessThanOrEqual(24);

      let entry = await inSnapshot(issued.credential.id);
      expect(entry?.secretHashes).toEqual([
        { hash: hashOf(rotated.body.clientSecret) },
        { hash: hashOf(first), validUntil: until },
      ]);

      // Rotating again during the grace replaces the previous secret.
      const again = await harness
        .as('oscar')
        .post(`/api-keys/${issued.credential.id}/rotate`, {
          gracePeriodHours: 1,
        });
      secrets.push(again.body.clientSecret);
      entry = await inSnapshot(issued.credential.id);
      expect(entry?.secretHashes.map(h => h.hash)).toEqual([
        hashOf(again.body.clientSecret),
        hashOf(rotated.body.clientSecret),
      ]);

      // No grace: only the new secret works.
      const now = await harness
        .as('oscar')
        .post(`/api-keys/${issued.credential.id}/rotate`, {
          gracePeriodHours: 0,
        });
      secrets.push(now.body.clientSecret);
      entry = await inSnapshot(issued.credential.id);
      expect(entry?.secretHashes).toEqual([
        { hash: hashOf(now.body.clientSecret) },
      ]);
      expect(now.body.credential.previousSecretValidUntil).toBeUndefined();

      expect(
        (
          await harness
            .as('oscar')
            .post(`/api-keys/${issued.credential.id}/rotate`, {
              gracePeriodHours: 169,
            })
        ).status,
      ).toBe(400);
    });

    it('leaves one current and one previous hash after concurrent rotations', async () => {
      const issued = await issue(apps['globex-sync'].id);
      const answers = await Promise.all(
        [1, 2, 3, 4].map(() =>
          harness.as('oscar').post(`/api-keys/${issued.credential.id}/rotate`, {
            gracePeriodHours: 2,
          }),
        ),
      );
      expect(answers.map(a => a.status)).toEqual([200, 200, 200, 200]);
      const rotatedSecrets = answers.map(a => a.body.clientSecret as string);
      secrets.push(...rotatedSecrets);
      const entry = await inSnapshot(issued.credential.id);
      expect(entry?.secretHashes).toHaveLength(2);
      const [current, previous] = entry!.secretHashes;
      expect(current.validUntil).toBeUndefined();
      expect(previous.validUntil).toBeDefined();
      const hashes = [issued.clientSecret, ...rotatedSecrets].map(hashOf);
      expect(hashes).toContain(current.hash);
      expect(hashes).toContain(previous.hash);
      expect(current.hash).not.toBe(previous.hash);
    });

    it('revokes once, in the seed shape, and the snapshot refuses the key', async () => {
      const issued = await issue(apps['globex-sync'].id);
      const res = await harness
        .as('oscar')
        .delete(`/api-keys/${issued.credential.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        message: 'API key revoked successfully',
        key_id: issued.credential.id,
        revoked_at: expect.any(String),
      });
      const again = await harness
        .as('oscar')
        .delete(`/api-keys/${issued.credential.id}`);
      expect(again.status).toBe(409);
      expect(again.body.error.message).toContain(res.body.revoked_at);
      expect(
        (
          await harness
            .as('oscar')
            .post(`/api-keys/${issued.credential.id}/rotate`, {})
        ).status,
      ).toBe(409);
      const read = await harness
        .as('oscar')
        .get(`/api-keys/${issued.credential.id}`);
      expect(read.body).toMatchObject({
        status: 'revoked',
        revokedAt: res.body.revoked_at,
      });
      expect(await inSnapshot(issued.credential.id)).toMatchObject({
        refused: 'revoked',
        secretHashes: [],
      });
      const revoked = await harness.as('oscar').get('/api-keys?status=revoked');
      expect(revoked.body.records.map((k: any) => k.id)).toContain(
        issued.credential.id,
      );
      const active = await harness.as('oscar').get('/api-keys?status=active');
      expect(active.body.records.map((k: any) => k.id)).not.toContain(
        issued.credential.id,
      );
    });

    it('serves the snapshot to its consumers only, with an ETag and 304s', async () => {
      for (const who of ['ada', 'oscar', 'dev']) {
        expect(
          (await harness.as(who).get('/credentials/snapshot')).status,
        ).toBe(403);
        expect(
          (await harness.as(who).post('/usage', { entries: [] })).status,
        ).toBe(403);
        expect((await harness.as(who).get('/entities')).status).toBe(403);
      }
      const first = await harness
        .as('plugin:audit')
        .get('/credentials/snapshot');
      expect(first.headers.etag).toBe(`"${first.body.revision}"`);
      const same = await harness
        .as('plugin:audit')
        .get('/credentials/snapshot')
        .set('If-None-Match', first.headers.etag);
      expect(same.status).toBe(304);

      // Disabling the app changes the revision and refuses its credentials.
      const app = apps['shared-sync'];
      const issued = await issue(app.id, { name: 'k', scopes: ['flags:read'] });
      await harness.as('oscar').put(`/apps/${app.id}/rate-limits`, {
        rules: [
          { routePattern: '/api/flags/*', limitPerMinute: 100, burst: 150 },
        ],
      });
      await harness
        .as('oscar')
        .post(`/apps/${app.id}/disable`, { reason: 'Incident 42' });
      const changed = await harness
        .as('plugin:audit')
        .get('/credentials/snapshot')
        .set('If-None-Match', first.headers.etag);
      expect(changed.status).toBe(200);
      expect(changed.headers.etag).not.toBe(first.headers.etag);
      const entry = changed.body.credentials.find(
        (c: any) => c.credentialId === issued.credential.id,
      );
      expect(entry).toMatchObject({
        refused: 'app-disabled',
        secretHashes: [],
        tenants: ['acme', 'globex'],
      });
      expect(changed.body.rateLimits).toContainEqual({
        appId: app.id,
        rules: [
          { routePattern: '/api/flags/*', limitPerMinute: 100, burst: 150 },
        ],
      });
      await harness.as('oscar').post(`/apps/${app.id}/enable`);
      expect((await inSnapshot(issued.credential.id))?.refused).toBeUndefined();

      const entities = await harness.as('plugin:catalog').get('/entities');
      expect(entities.status).toBe(200);
      const shared = entities.body.entities.find(
        (e: any) => e.metadata.name === 'shared-sync',
      );
      // The App kind's spec admits these fields only.
      expect(Object.keys(shared.spec).sort()).toEqual([
        'lifecycle',
        'owner',
        'system',
        'type',
      ]);
      expect(shared.metadata.annotations['controlplane.io/tenants']).toBe(
        'acme,globex',
      );
      expect(
        shared.metadata.annotations['controlplane.io/tenant'],
      ).toBeUndefined();
      expect(
        entities.body.entities.find(
          (e: any) => e.metadata.name === 'acme-sync',
        ),
      ).toMatchObject({
        apiVersion: 'controlplane.io/v1alpha1',
        kind: 'App',
        metadata: {
          annotations: {
            'controlplane.io/app-id': apps['acme-sync'].id,
            'controlplane.io/tenant': 'acme',
            'controlplane.io/tenants': 'acme',
            'controlplane.io/environment': 'production',
          },
        },
        spec: {
          type: 'service',
          owner: 'group:default/team-apps',
          lifecycle: 'production',
          system: 'controlplane',
        },
      });
    });

    it('removes a suspended tenant from every snapshot credential', async () => {
      const issued = await issue(apps['shared-sync'].id);
      const before = await snapshot();
      await harness.deliver('controlplane.tenants', {
        type: 'tenant.suspended',
        tenant: 'globex',
        reason: 'Unpaid',
      });
      const after = await snapshot();
      expect(after.revision).not.toBe(before.revision);
      expect(
        after.credentials.find(c => c.credentialId === issued.credential.id)
          ?.tenants,
      ).toEqual(['acme']);
      expect(after.credentials.some(c => c.tenants.includes('globex'))).toBe(
        false,
      );
      await harness.deliver('controlplane.tenants', {
        type: 'tenant.reactivated',
        tenant: 'globex',
      });
      expect((await inSnapshot(issued.credential.id))?.tenants).toEqual([
        'acme',
        'globex',
      ]);
    });

    it('adds usage reports up and aggregates them per endpoint and day', async () => {
      const issued = await issue(apps['globex-sync'].id);
      const id = issued.credential.id;
      const now = new Date();
      const hour = (daysAgo: number) => {
        const at = new Date(now.getTime() - daysAgo * 86_400_000);
        at.setUTCMinutes(0, 0, 0);
        return at.toISOString();
      };
      const entry = (
        daysAgo: number,
        endpoint: string,
        successful: number,
        failed = 0,
        rateLimited = 0,
      ) => ({
        credentialId: id,
        hour: hour(daysAgo),
        endpoint,
        successful,
        failed,
        rateLimited,
        lastUsedAt: hour(daysAgo),
      });
      const report = async (entries: object[]) =>
        harness.as('plugin:audit').post('/usage', { entries });

      expect(
        (await report([entry(0, 'POST /api/audit/events', 10, 1, 2)])).status,
      ).toBe(204);
      expect(
        (
          await report([
            entry(0, 'POST /api/audit/events', 5, 0, 0),
            entry(0, 'POST /api/audit/events', 1, 0, 0),
            entry(2, 'GET /api/flags/flags', 3, 2, 0),
            entry(40, 'GET /api/flags/flags', 100, 0, 0),
            // Unknown credentials are skipped.
            {
              ...entry(0, 'GET /x', 1),
              credentialId: '00000000-0000-4000-8000-000000000000',
            },
          ])
        ).status,
      ).toBe(204);
      // An older report does not move last use back.
      await report([entry(5, 'GET /api/flags/flags', 1)]);
      expect(
        (await report([{ ...entry(0, 'x', 1), successful: -1 }])).status,
      ).toBe(400);

      const rows = await harness
        .knex('app_credential_usage')
        .where({ credential_id: id, endpoint: 'POST /api/audit/events' });
      expect(rows).toHaveLength(1);
      expect(Number(rows[0].successful)).toBe(16);

      const usage = await harness
        .as('oscar')
        .get(`/api-keys/${id}/usage?period=7d`);
      expect(usage.status).toBe(200);
      expect(usage.body).toMatchObject({
        key_id: id,
        period: '7d',
        usage: {
          total_requests: 16 + 1 + 2 + 3 + 2 + 1,
          successful_requests: 16 + 3 + 1,
          failed_requests: 1 + 2 + 2,
          rate_limited: 2,
        },
        by_endpoint: [
          { endpoint: 'POST /api/audit/events', count: 19 },
          { endpoint: 'GET /api/flags/flags', count: 6 },
        ],
        last_used_at: hour(0),
      });
      expect(usage.body.by_day).toHaveLength(7);
      const days = usage.body.by_day;
      expect(days[6]).toMatchObject({
        day: hour(0).slice(0, 10),
        total: 19,
        successful: 16,
        failed: 3,
        rate_limited: 2,
      });
      expect(days[4]).toMatchObject({ total: 5, successful: 3, failed: 2 });
      expect(days[1]).toMatchObject({ total: 1 });
      expect(days.filter((d: any) => d.total === 0)).toHaveLength(4);
      const month = await harness.as('oscar').get(`/api-keys/${id}/usage`);
      expect(month.body.period).toBe('30d');
      expect(month.body.by_day).toHaveLength(30);
      expect(month.body.usage.successful_requests).toBe(20);
      const quarter = await harness
        .as('oscar')
        .get(`/api-keys/${id}/usage?period=90d`);
      expect(quarter.body.usage.successful_requests).toBe(120);
      expect(
        (await harness.as('oscar').get(`/api-keys/${id}/usage?period=1y`))
          .status,
      ).toBe(400);
      const key = await harness.as('oscar').get(`/api-keys/${id}`);
      expect(key.body.lastUsedAt).toBe(hour(0));
    });

    it('raises one alarm per credential and hour when failed or rate-limited calls reach the threshold, counted over every reporter', async () => {
      const issued = await issue(apps['globex-sync'].id);
      const id = issued.credential.id;
      const hour = new Date();
      hour.setUTCMinutes(0, 0, 0);
      const entry = (endpoint: string, failed: number, rateLimited = 0) => ({
        credentialId: id,
        hour: hour.toISOString(),
        endpoint,
        successful: 1,
        failed,
        rateLimited,
        lastUsedAt: hour.toISOString(),
      });
      const alarms = () =>
        harness.published
          .filter(event => event.topic === 'controlplane.apps')
          .map(event => event.eventPayload as any)
          .filter(payload => payload.credentialId === id);

      // Two plugins (or instances) report 30 failures each: 60 >= 50.
      await harness.as('plugin:flags').post('/usage', {
        entries: [entry('GET /api/flags/client/flags', 30)],
      });
      expect(alarms()).toEqual([]);
      await harness
        .as('plugin:audit')
        .post('/usage', { entries: [entry('POST /api/audit/events', 30)] });
      expect(alarms()).toEqual([
        {
          type: 'credential.failing',
          appId: apps['globex-sync'].id,
          app: 'globex-sync',
          tenants: ['globex'],
          credentialId: id,
          credential: issued.credential.name,
          hour: hour.toISOString(),
          failed: 60,
          rateLimited: 0,
          threshold: 50,
        },
      ]);
      // More failures in the same hour raise nothing new; rate-limit abuse
      // is its own alarm.
      await harness
        .as('plugin:audit')
        .post('/usage', { entries: [entry('POST /api/audit/events', 5, 120)] });
      expect(alarms().map(alarm => [alarm.type, alarm.rateLimited])).toEqual([
        ['credential.failing', 0],
        ['credential.rate-limited', 120],
      ]);
    });

    it('records every state change as exactly one audit event, failures too', async () => {
      const app = apps['globex-sync'];
      const count = () => harness.auditEventIds().length;
      const expectOne = async (
        eventId: string,
        act: () => Promise<{ status: number }>,
        status: number,
      ) => {
        const before = harness.auditEventIds();
        const res = await act();
        expect(res.status).toBe(status);
        expect(harness.auditEventIds().slice(before.length)).toEqual([eventId]);
      };
      await expectOne(
        'app.updated',
        () =>
          harness
            .as('oscar')
            .patch(`/apps/${app.id}`, { description: 'Syncs' }),
        200,
      );
      await expectOne(
        'app.updated',
        () => harness.as('dev').patch(`/apps/${app.id}`, { description: 'No' }),
        403,
      );
      await expectOne(
        'ratelimits.updated',
        () =>
          harness.as('oscar').put(`/apps/${app.id}/rate-limits`, { rules: [] }),
        200,
      );
      await expectOne(
        'app.disabled',
        () =>
          harness
            .as('oscar')
            .post(`/apps/${app.id}/disable`, { reason: 'Audit test' }),
        200,
      );
      await expectOne(
        'app.enabled',
        () => harness.as('oscar').post(`/apps/${app.id}/enable`),
        200,
      );
      let keyId = '';
      await expectOne(
        'credential.issued',
        async () => {
          const res = await harness
            .as('oscar')
            .post(`/apps/${app.id}/api-keys`, {
              name: 'a',
              scopes: ['flags:read'],
            });
          secrets.push(res.body.clientSecret);
          keyId = res.body.credential.id;
          return res;
        },
        201,
      );
      await expectOne(
        'credential.rotated',
        async () => {
          const res = await harness
            .as('oscar')
            .post(`/api-keys/${keyId}/rotate`, {});
          secrets.push(res.body.clientSecret);
          return res;
        },
        200,
      );
      await expectOne(
        'credential.revoked',
        () => harness.as('oscar').delete(`/api-keys/${keyId}`),
        200,
      );
      await expectOne(
        'credential.revoked',
        () => harness.as('oscar').delete(`/api-keys/${keyId}`),
        409,
      );
      await expectOne(
        'app.registered',
        () =>
          harness.as('oscar').post('/apps', {
            name: 'audited-app',
            environment: 'staging',
            owner: 'group:default/a',
          }),
        201,
      );
      // Reads and internal reports are not state changes of the domain.
      const before = count();
      await harness.as('oscar').get(`/apps/${app.id}`);
      await harness.as('oscar').get('/api-keys');
      await harness.as('plugin:audit').get('/credentials/snapshot');
      expect(count()).toBe(before);

      const calls = (harness.audit.auditor.createEvent as jest.Mock).mock.calls;
      const disabled = calls.find(([o]) => o.eventId === 'app.disabled')[0];
      expect(disabled.severityLevel).toBe('critical');
      const success = harness.audit.success.mock.calls
        .map(([o]: any) => o?.meta)
        .find(
          (meta: any) =>
            meta?.resourceType === 'app-credential' &&
            meta?.gracePeriodHours === 24,
        );
      expect(success).toMatchObject({
        clientId: expect.stringMatching(/^cp_test_/),
      });
    });
  });
});

import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  acknowledgementMessage,
  AuditEventInput,
  verifyChain,
  verifyExportText,
} from '@controlplane/plugin-audit-common';
import {
  AuditEventWriter,
  auditTrailServiceRef,
} from '@controlplane/plugin-audit-node';
import {
  createTestCredential,
  FakeAppsServer,
  TEST_SECRET_HASH_KEY,
} from '@controlplane/plugin-apps-node/testUtils';
import { isPostgres } from '@controlplane/backend-common';
import {
  createMockAuditor,
  createPortalTestDatabases,
} from '@controlplane/test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import auditPlugin from '../index';
import { nodeSha256, verifySignature } from './CheckpointSigner';

jest.setTimeout(60_000);

type TestBackend = Awaited<ReturnType<typeof startTestBackend>>;
type Mode = 'allow' | 'deny' | 'tenant';

const tenantDecision: ConditionalPolicyDecision = {
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'audit',
  resourceType: 'audit-event',
  conditions: {
    rule: 'IS_IN_TENANT',
    resourceType: 'audit-event',
    params: { tenants: ['acme'] },
  },
};

const verifyOptions = { sha256: nodeSha256, verifySignature };

const REPO_ROOT = resolve(__dirname, '../../../..');

/** Runs the offline verifier as `yarn audit-verify` does, from `cwd`. */
function auditVerify(cwd: string, ...args: string[]) {
  const run = spawnSync(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      join(REPO_ROOT, 'plugins/audit-common/bin/audit-verify.ts'),
      ...args,
    ],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, INIT_CWD: cwd },
      encoding: 'utf8',
    },
  );
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe('audit router', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let backend: TestBackend;
    let knex: Knex;
    let mode: Mode = 'allow';
    let writer: AuditEventWriter | undefined;
    const audit = createMockAuditor();

    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({
          result:
            mode === 'deny' ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
        })),
      authorizeConditional: async requests =>
        requests.map(
          (): PolicyDecision =>
            mode === 'tenant'
              ? tenantDecision
              : {
                  result:
                    mode === 'deny'
                      ? AuthorizeResult.DENY
                      : AuthorizeResult.ALLOW,
                },
        ),
    });

    const auditTrail = createServiceFactory({
      service: auditTrailServiceRef,
      deps: {},
      factory: () => ({
        attachWriter(w: AuditEventWriter) {
          writer = w;
        },
        async record(event: AuditEventInput) {
          await writer!.write([event]);
        },
      }),
    });

    // The apps plugin's credential snapshot, served by a stand-in.
    const appsServer = new FakeAppsServer();
    const writerApp = createTestCredential({
      appName: 'billing-sync',
      scopes: ['audit:write'],
      tenants: ['acme'],
    });
    const readerApp = createTestCredential({
      appName: 'flag-reader',
      scopes: ['flags:read'],
      tenants: ['acme'],
    });

    async function start(id: TestDatabaseId) {
      knex = await databases.init(id);
      await appsServer.start();
      appsServer.publish([writerApp.credential, readerApp.credential]);
      return startTestBackend({
        features: [
          auditPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              audit: { checkpointInterval: 10 },
              apps: { secretHashKey: TEST_SECRET_HASH_KEY },
            },
          }),
          appsServer.discoveryFactory(),
          permissions.factory,
          audit.auditor.factory,
          auditTrail,
        ],
      });
    }

    beforeAll(async () => {
      backend = await start(databaseId);
    });

    afterAll(async () => {
      await backend?.stop();
      await appsServer.stop();
    });

    beforeEach(() => {
      mode = 'allow';
      jest.clearAllMocks();
    });

    const api = () => request(backend.server);
    const asUser = (req: request.Test) =>
      req.set('Authorization', mockCredentials.user.header());
    const asService = (req: request.Test) =>
      req.set('Authorization', mockCredentials.service.header());
    const count = async () =>
      Number((await knex('audit_events').count({ c: '*' }))[0].c);

    let n = 0;
    const ingestEvent = (overrides: Record<string, unknown> = {}) => {
      n += 1;
      return {
        eventId: `evt-${n}`,
        // Within the hour before the test: apps may not backdate events.
        timestamp: new Date(Date.now() - 3600_000 + n * 1000).toISOString(),
        actorId: `user:default/u${n % 3}`,
        eventType: n % 2 ? 'login.success' : 'rbac.role-grant',
        resourceType: 'agent',
        resourceId: `agent-${n % 4}`,
        tenant: n % 2 ? 'acme' : 'globex',
        outcome: n % 5 === 0 ? 'failure' : 'success',
        ip: '192.168.1.1',
        metadata: { n, note: 'quote " comma , newline \n ü' },
        ...overrides,
      };
    };

    it('tells the UI what the caller may do, tenant-scoped grants included', async () => {
      const access = async () =>
        (await asUser(api().get('/api/audit/access'))).body;
      expect(await access()).toEqual({
        read: true,
        export: true,
        verify: true,
      });
      // Conditional (tenant-scoped) read and export still count.
      mode = 'tenant';
      expect(await access()).toEqual({
        read: true,
        export: true,
        verify: true,
      });
      mode = 'deny';
      expect(await access()).toEqual({
        read: false,
        export: false,
        verify: false,
      });
    });

    it('ingests a batch once, retries are reported as duplicates', async () => {
      const events = [ingestEvent(), ingestEvent(), ingestEvent()];
      const first = await asService(
        api().post('/api/audit/events').send({ events }),
      );
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ accepted: 3, duplicates: [] });
      expect(first.body.records).toHaveLength(3);

      const retry = await asService(
        api()
          .post('/api/audit/events')
          .send({ events: [events[1], ingestEvent()] }),
      );
      expect(retry.body).toMatchObject({
        accepted: 1,
        duplicates: [
          {
            index: 0,
            eventId: events[1].eventId,
            id: first.body.records[1].id,
          },
        ],
      });
      const stored = await asUser(
        api().get(`/api/audit/logs/${first.body.records[0].id}`),
      );
      expect(stored.body).toMatchObject({
        source: 'service:external:test-service',
        actorType: 'app',
        action: events[0].eventType,
        severity: 'medium',
        eventId: events[0].eventId,
      });
    });

    it.each([
      [{ events: [] }, /events/],
      [
        { events: [ingestEvent(), ingestEvent({ timestamp: 'yesterday' })] },
        /events\[1\]\.timestamp/,
      ],
      [
        { events: [ingestEvent({ outcome: 'maybe' })] },
        /events\/0\/outcome|events\[0\]\.outcome/,
      ],
      [{ events: [ingestEvent({ extra: 1 })] }, /extra|additional/],
      [
        { events: [ingestEvent({ eventType: 'bad type!' })] },
        /events\[0\]\.eventType/,
      ],
      [{ events: Array.from({ length: 1001 }, () => ingestEvent()) }, /events/],
    ])(
      'refuses a bad batch with 400 and stores nothing (%#)',
      async (body, message) => {
        const before = await count();
        const res = await asService(api().post('/api/audit/events').send(body));
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
        expect(await count()).toBe(before);
      },
    );

    it('accepts ingestion from services and apps only', async () => {
      const res = await asUser(
        api()
          .post('/api/audit/events')
          .send({ events: [ingestEvent()] }),
      );
      expect(res.status).toBe(403);
      const anonymous = await api()
        .post('/api/audit/events')
        .set('Authorization', mockCredentials.none.header())
        .send({ events: [ingestEvent()] });
      expect(anonymous.status).toBe(401);
    });

    it('takes plugin events through the audit trail writer', async () => {
      await writer!.write([
        {
          source: 'plugin:rbac',
          timestamp: new Date().toISOString(),
          actorId: 'user:default/ada',
          actorType: 'user',
          action: 'rbac.role-create',
          resourceType: 'role',
          resourceId: 'auditor',
          outcome: 'success',
          severity: 'high',
          metadata: { role: 'auditor' },
        },
      ]);
      const res = await asUser(api().get('/api/audit/resources/role/auditor'));
      expect(res.body.records).toEqual([
        expect.objectContaining({
          action: 'rbac.role-create',
          source: 'plugin:rbac',
        }),
      ]);
    });

    it('filters in SQL and pages with a cursor, newest first', async () => {
      await asService(
        api()
          .post('/api/audit/events')
          .send({ events: Array.from({ length: 30 }, () => ingestEvent()) }),
      );
      const seen: number[] = [];
      let cursor: string | undefined;
      let pages = 0;
      const totals: Array<number | undefined> = [];
      do {
        const res = await asUser(
          api()
            .get('/api/audit/logs')
            .query({
              tenant: 'acme',
              limit: 4,
              ...(cursor ? { cursor } : {}),
              includeTotal: pages === 0 ? 'true' : 'false',
            }),
        );
        expect(res.status).toBe(200);
        totals.push(res.body.total);
        for (const record of res.body.records) {
          expect(record.tenant).toBe('acme');
          seen.push(record.seq);
        }
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor);
      // total only when asked (the first page).
      expect(totals[0]).toBe(seen.length);
      expect(totals.slice(1).every(t => t === undefined)).toBe(true);
      expect(seen).toEqual([...seen].sort((a, b) => b - a));
      expect(new Set(seen).size).toBe(seen.length);
      const all = await asUser(
        api().get('/api/audit/logs').query({ tenant: 'acme', limit: 500 }),
      );
      expect(seen).toEqual(all.body.records.map((r: { seq: number }) => r.seq));

      const asc = await asUser(
        api().get('/api/audit/logs').query({ sort: 'asc', limit: 3 }),
      );
      expect(asc.body.records.map((r: { seq: number }) => r.seq)).toEqual([
        1, 2, 3,
      ]);
      // A cursor of one order is refused for the other.
      const mixed = await asUser(
        api()
          .get('/api/audit/logs')
          .query({ sort: 'desc', cursor: asc.body.nextCursor }),
      );
      expect(mixed.status).toBe(400);

      const prefix = await asUser(
        api().get('/api/audit/logs').query({ action: 'rbac.*', limit: 500 }),
      );
      expect(prefix.body.records.length).toBeGreaterThan(0);
      for (const r of prefix.body.records)
        expect(r.action.startsWith('rbac.')).toBe(true);

      const failures = await asUser(
        api()
          .get('/api/audit/logs')
          .query({ outcome: 'failure', actor: 'user:default/u0', limit: 500 }),
      );
      for (const r of failures.body.records) {
        expect(r).toMatchObject({
          outcome: 'failure',
          actorId: 'user:default/u0',
        });
      }

      await asService(
        api()
          .post('/api/audit/events')
          .send({
            events: [
              '2024-03-01T10:00:00Z',
              '2024-03-01T11:00:00+00:00',
              '2024-03-01T12:00:00.000Z',
              '2024-03-02T00:00:00Z',
            ].map(timestamp => ingestEvent({ timestamp })),
          }),
      );
      const times = (res: request.Response) =>
        res.body.records.map((r: { timestamp: string }) => r.timestamp);
      const range = await asUser(
        api()
          .get('/api/audit/logs')
          .query({ from: '2024-03-01T11:00:00Z', to: '2024-03-01T12:00:00Z' }),
      );
      expect(times(range)).toEqual([
        '2024-03-01T12:00:00.000Z',
        '2024-03-01T11:00:00.000Z',
      ]);
      const day = await asUser(
        api()
          .get('/api/audit/logs')
          .query({ from: '2024-01-01', to: '2024-03-01', sort: 'asc' }),
      );
      expect(times(day)).toEqual([
        '2024-03-01T10:00:00.000Z',
        '2024-03-01T11:00:00.000Z',
        '2024-03-01T12:00:00.000Z',
      ]);

      const timeline = await asUser(
        api().get('/api/audit/resources/agent/agent-1').query({ limit: 500 }),
      );
      expect(timeline.body.records.length).toBeGreaterThan(0);
      for (const r of timeline.body.records) {
        expect(r).toMatchObject({
          resourceType: 'agent',
          resourceId: 'agent-1',
        });
      }
      // The listed records verify with the shared verifier.
      const chain = await asUser(
        api().get('/api/audit/logs').query({ sort: 'asc', limit: 500 }),
      );
      expect(verifyChain(chain.body.records)).toMatchObject({ ok: true });
    });

    it.each([
      [{ limit: 0 }],
      [{ limit: 501 }],
      [{ sort: 'sideways' }],
      [{ cursor: 'garbage' }],
      [{ from: 'last tuesday' }],
      [{ action: 'rb*c' }],
      [{ severity: 'urgent' }],
      [{ from: '2025-02-01', to: '2025-01-01' }],
    ])('refuses the bad query %j with 400', async query => {
      const res = await asUser(api().get('/api/audit/logs').query(query));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBeTruthy();
    });

    it('shows a tenant-scoped auditor only their tenant', async () => {
      mode = 'tenant';
      const res = await asUser(
        api()
          .get('/api/audit/logs')
          .query({ limit: 500, includeTotal: 'true' }),
      );
      expect(res.status).toBe(200);
      expect(res.body.records.length).toBeGreaterThan(0);
      expect(res.body.total).toBe(res.body.records.length);
      for (const r of res.body.records) expect(r.tenant).toBe('acme');

      mode = 'allow';
      const globex = await asUser(
        api().get('/api/audit/logs').query({ tenant: 'globex', limit: 1 }),
      );
      const id = globex.body.records[0].id;
      mode = 'tenant';
      expect((await asUser(api().get(`/api/audit/logs/${id}`))).status).toBe(
        404,
      );
      const asked = await asUser(
        api().get('/api/audit/logs').query({ tenant: 'globex' }),
      );
      expect(asked.body.records).toEqual([]);

      const exported = await asUser(
        api().get('/api/audit/export').query({ format: 'json' }),
      );
      const body = JSON.parse(exported.text);
      expect(body.records.length).toBeGreaterThan(0);
      for (const r of body.records) expect(r.tenant).toBe('acme');
      // Filtered exports have gaps: rows verify on their own, not linked.
      const result = verifyExportText(exported.text, verifyOptions);
      expect(result).toMatchObject({ ok: true });
      expect(result.notLinked).toBeGreaterThan(0);
    });

    it('answers 403 without the permissions', async () => {
      mode = 'deny';
      for (const path of [
        '/logs',
        '/logs/x',
        '/resources/agent/a',
        '/export',
        '/verify',
        '/checkpoints',
      ]) {
        const res = await asUser(api().get(`/api/audit${path}`));
        expect(res.status).toBe(403);
      }
    });

    it('exports CSV that verifies offline; an altered value names its row', async () => {
      const res = await asUser(
        api()
          .get('/api/audit/export')
          .query({
            format: 'csv',
            // Today's records, not those of March 2024 (a gap in the chain).
            start_date: new Date(Date.now() - 24 * 3600_000)
              .toISOString()
              .slice(0, 10),
            end_date: new Date(Date.now() + 24 * 3600_000)
              .toISOString()
              .slice(0, 10),
          }),
      );
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/csv/);
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="audit-export-.*\.csv"$/,
      );
      expect(audit.auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({ eventId: 'export', severityLevel: 'medium' }),
      );
      expect(audit.success).toHaveBeenCalled();
      const text = res.text;
      const ok = verifyExportText(text, verifyOptions);
      // The records of March 2024 came last: the export has no gap.
      expect(ok).toMatchObject({
        ok: true,
        notLinked: 0,
        detailsChecked: true,
        checkpoint: 'verified',
      });
      expect(ok.checked).toBeGreaterThan(20);

      const dir = mkdtempSync(join(tmpdir(), 'audit-export-'));
      const file = join(dir, 'export.csv');
      writeFileSync(file, text);
      const ok1 = auditVerify(dir, 'export.csv');
      expect(ok1).toMatchObject({
        code: 0,
        out: expect.stringMatching(/^OK: /),
      });

      // Alter the actor of a data row (after the header and the columns).
      const lines = text.split('\n');
      const rowIndex = lines.findIndex(
        (line, i) => i >= 4 && line.includes('user:default/u'),
      );
      const [seq, id] = lines[rowIndex].split(',');
      lines[rowIndex] = lines[rowIndex].replace(
        'user:default/u',
        'user:default/x',
      );
      writeFileSync(join(dir, 'altered.csv'), lines.join('\n'));
      const altered = auditVerify(dir, 'altered.csv');
      expect(altered.code).toBe(1);
      expect(altered.err).toContain(`row seq ${seq} id ${id}: content-altered`);

      // Dropping the trailer (a truncated download) fails too.
      const truncated = verifyExportText(
        lines.slice(0, rowIndex).join('\n'),
        verifyOptions,
      );
      expect(truncated.ok).toBe(false);
      expect(truncated.problems.join()).toMatch(/truncated/);

      // The server's public key verifies the checkpoint; another key fails.
      const checkpoints = await asUser(api().get('/api/audit/checkpoints'));
      const serverKey = checkpoints.body.signingKey.publicKey;
      expect(
        verifyExportText(text, { ...verifyOptions, publicKey: serverKey }),
      ).toMatchObject({ ok: true, checkpoint: 'verified' });
      const other = generateKeyPairSync('ed25519').publicKey.export({
        type: 'spki',
        format: 'pem',
      });
      writeFileSync(join(dir, 'other.pem'), other as string);
      const wrongKey = auditVerify(
        dir,
        'export.csv',
        '--public-key',
        'other.pem',
      );
      expect(wrongKey.code).toBe(1);
      expect(wrongKey.err).toMatch(/signature/);
    });

    it('exports JSON with and without details; both verify, alterations fail', async () => {
      const full = await asUser(
        api().get('/api/audit/export').query({ format: 'json' }),
      );
      const parsed = JSON.parse(full.text);
      expect(parsed.export).toMatchObject({
        includeDetails: true,
        checkpoint: expect.objectContaining({ signature: expect.any(String) }),
      });
      expect(parsed.export.checkpoint.seq % 10).toBe(0);
      expect(parsed.trailer.count).toBe(parsed.records.length);
      expect(verifyExportText(full.text, verifyOptions)).toMatchObject({
        ok: true,
        detailsChecked: true,
      });

      parsed.records[3].metadata.n = 12345;
      expect(
        verifyExportText(JSON.stringify(parsed), verifyOptions).firstBroken,
      ).toEqual({
        seq: parsed.records[3].seq,
        id: parsed.records[3].id,
        reason: 'metadata-altered',
      });

      const bare = await asUser(
        api()
          .get('/api/audit/export')
          .query({ format: 'json', include_details: 'false' }),
      );
      const bareParsed = JSON.parse(bare.text);
      expect(bareParsed.records[0].metadata).toBeUndefined();
      expect(bareParsed.records[0].metadataHash).toMatch(/^[0-9a-f]{64}$/);
      expect(verifyExportText(bare.text, verifyOptions)).toMatchObject({
        ok: true,
        detailsChecked: false,
      });
      bareParsed.records[2].outcome =
        bareParsed.records[2].outcome === 'success' ? 'failure' : 'success';
      expect(
        verifyExportText(JSON.stringify(bareParsed), verifyOptions).firstBroken,
      ).toMatchObject({
        seq: bareParsed.records[2].seq,
        reason: 'content-altered',
      });

      const bad = await asUser(
        api().get('/api/audit/export').query({ format: 'xml' }),
      );
      expect(bad.status).toBe(400);
    });

    it('lists signed checkpoints and verifies the chain; a tampered row is named', async () => {
      const checkpoints = await asUser(api().get('/api/audit/checkpoints'));
      expect(checkpoints.status).toBe(200);
      expect(checkpoints.body.signingKey).toMatchObject({ ephemeral: true });
      expect(checkpoints.body.checkpoints[0]).toMatchObject({
        kind: 'interval',
        publicKey: checkpoints.body.signingKey.publicKey,
      });
      const ok = await asUser(api().get('/api/audit/verify'));
      expect(ok.body).toMatchObject({
        ok: true,
        anchor: { status: 'genesis' },
      });
      expect(ok.body.checked).toBe(await count());

      const target = await knex('audit_events').where({ seq: 7 }).first();
      await knex.transaction(async tx => {
        if (isPostgres(knex)) {
          await tx.raw(`SET LOCAL audit.purge = 'on'`);
        } else {
          await tx('audit_purge_permit').insert({ id: 1 });
        }
        await tx('audit_events')
          .where({ seq: 7 })
          .update({ tenant: 'initech' });
        if (!isPostgres(knex)) await tx('audit_purge_permit').delete();
      });
      const broken = await asUser(api().get('/api/audit/verify'));
      expect(broken.body).toMatchObject({
        ok: false,
        firstBroken: { seq: 7, id: target.id, reason: 'content-altered' },
      });
      // Reads are not audited.
      expect(audit.auditor.createEvent).not.toHaveBeenCalled();
    });

    // Last: these add records the export and checkpoint tests above count.
    const asApp = (req: request.Test, token: string) =>
      req.set('Authorization', `Bearer ${token}`);

    /** An event as an app reports it: its own actor ids, its tenant. */
    const appEvent = (overrides: Record<string, unknown> = {}) =>
      ingestEvent({ actorId: 'customer-42', tenant: 'acme', ...overrides });

    it('records the events of an app with audit:write as app:<name>', async () => {
      const events = [
        appEvent({ actorType: 'user' }),
        appEvent({ actorId: 'nightly-sync', actorType: undefined }),
      ];
      const res = await asApp(
        api().post('/api/audit/events'),
        writerApp.token,
      ).send({ events });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ accepted: 2, duplicates: [] });
      const stored = await asUser(
        api().get(`/api/audit/logs/${res.body.records[0].id}`),
      );
      expect(stored.body).toMatchObject({
        source: 'app:billing-sync',
        actorId: 'customer-42',
        actorType: 'user',
        tenant: 'acme',
        eventId: events[0].eventId,
      });
      const second = await asUser(
        api().get(`/api/audit/logs/${res.body.records[1].id}`),
      );
      expect(second.body).toMatchObject({
        source: 'app:billing-sync',
        actorId: 'nightly-sync',
        actorType: 'app',
      });
      // The source scopes retries: the same eventId from a service is new.
      const fromService = await asService(
        api()
          .post('/api/audit/events')
          .send({ events: [events[0]] }),
      );
      expect(fromService.body).toMatchObject({ accepted: 1, duplicates: [] });
    });

    it('refuses an app without audit:write, or with a wrong secret', async () => {
      const before = await count();
      const scope = await asApp(
        api().post('/api/audit/events'),
        readerApp.token,
      ).send({ events: [appEvent()] });
      expect(scope.status).toBe(403);
      expect(scope.body.error.message).toBe(
        'This credential lacks the scope audit:write',
      );
      const wrong = await asApp(
        api().post('/api/audit/events'),
        `${writerApp.credential.clientId}.${'x'.repeat(43)}`,
      ).send({ events: [appEvent()] });
      expect(wrong.status).toBe(401);
      expect(await count()).toBe(before);
    });

    it('refuses a batch naming a tenant the app does not serve, storing none of it', async () => {
      const before = await count();
      const res = await asApp(
        api().post('/api/audit/events'),
        writerApp.token,
      ).send({
        events: [appEvent(), appEvent({ tenant: 'globex' })],
      });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'The credential of app billing-sync does not serve tenant globex',
      );
      expect(await count()).toBe(before);
    });

    /** Posts a batch as the billing-sync app; nothing may be stored on 4xx. */
    async function refusedFromApp(events: object[]) {
      const before = await count();
      const res = await asApp(
        api().post('/api/audit/events'),
        writerApp.token,
      ).send({ events });
      expect(await count()).toBe(before);
      return res;
    }

    it.each([
      ['user:default/ada'],
      ['USER:default/ada'],
      ['group:default/admins'],
      ['service:catalog'],
      ['plugin:rbac'],
      ['app:other-app'],
      [' User : default/ada'],
    ])('refuses an app claiming the portal actor %s', async actorId => {
      const res = await refusedFromApp([
        appEvent(),
        appEvent({ actorId, eventType: 'rbac.role-grant' }),
      ]);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('events[1].actorId');
    });

    it.each([['operator'], ['system']])(
      'refuses an app claiming the actor type %s',
      async actorType => {
        const res = await refusedFromApp([appEvent({ actorType })]);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain('events[0].actorType');
      },
    );

    it('requires the tenant on every event of an app that serves specific tenants', async () => {
      const res = await refusedFromApp([
        appEvent(),
        appEvent({ tenant: undefined }),
      ]);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /^events\[1\]\.tenant is required: app billing-sync serves specific tenants/,
      );
    });

    it('refuses app events dated outside the window of 24 h back, 5 min ahead', async () => {
      const hour = 3600_000;
      const old = await refusedFromApp([
        appEvent(),
        appEvent({
          timestamp: new Date(Date.now() - 25 * hour).toISOString(),
        }),
      ]);
      expect(old.status).toBe(400);
      expect(old.body.error.message).toContain('events[1].timestamp is older');
      const ancient = await refusedFromApp([
        appEvent({ timestamp: '2020-01-01T00:00:00Z' }),
      ]);
      expect(ancient.status).toBe(400);
      const future = await refusedFromApp([
        appEvent({
          timestamp: new Date(Date.now() + 10 * 60_000).toISOString(),
        }),
      ]);
      expect(future.status).toBe(400);
      expect(future.body.error.message).toContain(
        'events[0].timestamp is more than 5 min in the future',
      );
      // Slightly ahead (clock skew) is fine.
      const skewed = await asApp(
        api().post('/api/audit/events'),
        writerApp.token,
      ).send({
        events: [
          appEvent({
            timestamp: new Date(Date.now() + 60_000).toISOString(),
          }),
        ],
      });
      expect(skewed.status).toBe(200);
    });

    it('refuses metadata nested 5,000 levels deep with 400 naming the field', async () => {
      // As text: JSON.stringify itself overflows the stack at this depth.
      const deep = `${'{"d":'.repeat(5000)}{}${'}'.repeat(5000)}`;
      const body = `{"events":[${JSON.stringify(
        ingestEvent(),
      )},${JSON.stringify(ingestEvent({ metadata: {} })).replace(
        '"metadata":{}',
        `"metadata":${deep}`,
      )}]}`;
      const before = await count();
      const res = await asService(
        api()
          .post('/api/audit/events')
          .set('Content-Type', 'application/json')
          .send(body),
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'events[1].metadata must not be nested deeper than 32 levels',
      );
      expect(await count()).toBe(before);
    });

    it('keeps the chain verifiable after events with lone surrogates, NUL and deep metadata', async () => {
      // The invitation of issue 11: an email with a lone surrogate, denied.
      let deep: Record<string, unknown> = {};
      for (let i = 0; i < 5000; i += 1) deep = { d: deep };
      await writer!.write([
        {
          source: 'plugin:tenants',
          timestamp: new Date().toISOString(),
          actorId: 'user:default/mallory',
          actorType: 'user',
          action: 'tenants.invitation-create',
          resourceType: 'tenant-invitation',
          resourceId: 'x-\ud800@acme.example',
          tenant: 'acme',
          outcome: 'failure',
          severity: 'medium',
          metadata: {
            email: 'x-\ud800@acme.example',
            ['role\udc00']: 'user\u0000',
            deep,
          },
        },
      ]);
      const ingested = await asService(
        api()
          .post('/api/audit/events')
          .send({
            events: [
              ingestEvent({
                actorId: 'ada-\ud83d',
                metadata: { note: 'nul \u0000 here', big: 1e21 },
              }),
            ],
          }),
      );
      expect(ingested.status).toBe(200);
      // Only the record tampered with above is broken: nothing new.
      const report = await asUser(api().get('/api/audit/verify'));
      expect(report.body.brokenRanges).toEqual([
        {
          fromSeq: 7,
          toSeq: 7,
          reasons: ['content-altered'],
          acknowledged: false,
        },
      ]);
      expect(report.body.checked).toBe(await count());
      const [record] = (
        await asUser(api().get('/api/audit/logs').query({ limit: 2 }))
      ).body.records.slice(1);
      expect(record.resourceId).toBe('x-\ufffd@acme.example');
      expect(record.metadata.email).toBe('x-\ufffd@acme.example');
      expect(record.metadata['role\ufffd']).toBe('user\ufffd');
      let depth = 0;
      for (let part = record.metadata.deep; typeof part === 'object'; ) {
        depth += 1;
        part = part.d;
      }
      expect(depth).toBe(31);
    });

    it('reports every broken range; acknowledged ranges are ok, tampered acknowledgements are not', async () => {
      const verify = async () =>
        (await asUser(api().get('/api/audit/verify'))).body;
      // Seq 7 was altered above; alter another record further on.
      await knex.transaction(async tx => {
        if (isPostgres(knex)) {
          await tx.raw(`SET LOCAL audit.purge = 'on'`);
        } else {
          await tx('audit_purge_permit').insert({ id: 1 });
        }
        await tx('audit_events')
          .where({ seq: 12 })
          .update({ metadata: '{"forged":true}' });
        if (!isPostgres(knex)) await tx('audit_purge_permit').delete();
      });
      const two = await verify();
      expect(two).toMatchObject({
        ok: false,
        firstBroken: { seq: 7, reason: 'content-altered' },
        brokenRanges: [
          { fromSeq: 7, toSeq: 7, acknowledged: false },
          {
            fromSeq: 12,
            toSeq: 12,
            reasons: ['metadata-altered'],
            acknowledged: false,
          },
        ],
      });
      expect(two.brokenRanges).toHaveLength(2);

      const acknowledge = (body: object) =>
        asUser(api().post('/api/audit/verify/acknowledgements')).send(body);
      // Only a range reported broken now, exactly, may be acknowledged.
      for (const bad of [
        { fromSeq: 7, toSeq: 8, reason: 'incident 42' },
        { fromSeq: 3, toSeq: 3, reason: 'incident 42' },
        { fromSeq: 8, toSeq: 7, reason: 'incident 42' },
        { fromSeq: 7, toSeq: 7, reason: '   ' },
        { fromSeq: 7, toSeq: 7 },
        { fromSeq: 0, toSeq: 7, reason: 'x' },
        { fromSeq: 7, toSeq: 2 ** 60, reason: 'x' },
      ]) {
        const res = await acknowledge(bad);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toBeTruthy();
      }
      mode = 'deny';
      expect(
        (await acknowledge({ fromSeq: 7, toSeq: 7, reason: 'x' })).status,
      ).toBe(403);
      mode = 'allow';
      expect(
        (
          await asService(
            api().post('/api/audit/verify/acknowledgements'),
          ).send({
            fromSeq: 7,
            toSeq: 7,
            reason: 'x',
          })
        ).status,
      ).toBe(403);
      expect(
        (await asUser(api().get('/api/audit/verify/acknowledgements'))).body,
      ).toEqual({ acknowledgements: [] });

      jest.clearAllMocks();
      const first = await acknowledge({
        fromSeq: 7,
        toSeq: 7,
        reason: 'Incident 42: tenant changed by a test',
      });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        fromSeq: 7,
        toSeq: 7,
        reason: 'Incident 42: tenant changed by a test',
        acknowledgedBy: 'user:default/mock',
      });
      expect(
        verifySignature(
          acknowledgementMessage(first.body),
          first.body.signature,
          first.body.publicKey,
        ),
      ).toBe(true);
      expect(audit.auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'chain-acknowledge',
          severityLevel: 'critical',
        }),
      );
      expect(audit.success).toHaveBeenCalledWith(
        expect.objectContaining({
          meta: expect.objectContaining({ acknowledgementId: first.body.id }),
        }),
      );
      expect(
        (await acknowledge({ fromSeq: 7, toSeq: 7, reason: 'again' })).status,
      ).toBe(409);

      const one = await verify();
      expect(one).toMatchObject({
        ok: false,
        firstBroken: { seq: 12 },
        brokenRanges: [
          { fromSeq: 7, acknowledged: true, acknowledgementId: first.body.id },
          { fromSeq: 12, acknowledged: false },
        ],
        acknowledgements: { checked: 1, invalid: 0 },
      });

      expect(
        (await acknowledge({ fromSeq: 12, toSeq: 12, reason: 'Incident 43' }))
          .status,
      ).toBe(201);
      const both = await verify();
      expect(both).toMatchObject({
        ok: true,
        brokenRanges: [{ acknowledged: true }, { acknowledged: true }],
        acknowledgements: { checked: 2, invalid: 0 },
      });
      expect(both.firstBroken).toBeUndefined();
      // The rest goes on being verified: a new break after them is found.
      const listed = await asUser(
        api().get('/api/audit/verify/acknowledgements'),
      );
      expect(listed.body.acknowledgements).toHaveLength(2);

      // An acknowledgement changed in the database no longer verifies.
      if (isPostgres(knex)) {
        await knex.raw(
          'ALTER TABLE audit_acknowledgements DISABLE TRIGGER audit_acknowledgements_immutable',
        );
      } else {
        await knex.raw('DROP TRIGGER audit_acknowledgements_no_update');
      }
      await knex('audit_acknowledgements')
        .where({ id: first.body.id })
        .update({ to_seq: 1000 });
      const tampered = await verify();
      expect(tampered).toMatchObject({
        ok: false,
        acknowledgements: {
          checked: 2,
          invalid: 1,
          firstInvalid: { id: first.body.id, reason: 'bad-signature' },
        },
        brokenRanges: [
          { fromSeq: 7, acknowledged: false },
          { acknowledged: true },
        ],
      });
    });
  });
});

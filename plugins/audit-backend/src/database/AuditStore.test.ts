import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { isPostgres } from '@controlplane/backend-common';
import {
  AuditEventInput,
  GENESIS_HASH,
  verifyChain,
} from '@controlplane/plugin-audit-common';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { Knex } from 'knex';
import { CheckpointSigner, nodeSha256 } from '../service/CheckpointSigner';
import { RetentionPolicy, RetentionService } from '../service/RetentionService';
import { ChainWatch } from '../service/ChainWatch';
import { VerificationService } from '../service/VerificationService';
import { connectAuditStores } from './stores';

jest.setTimeout(60_000);

const DAY = 24 * 3600 * 1000;
const NOW = new Date('2026-06-01T00:00:00.000Z');
const daysAgo = (days: number) =>
  new Date(NOW.getTime() - days * DAY).toISOString();

let counter = 0;
function event(overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  counter += 1;
  return {
    source: 'plugin:test',
    timestamp: daysAgo(1),
    actorId: `user:default/u${counter % 3}`,
    actorType: 'user',
    action: 'tenants.create',
    resourceType: 'tenant',
    resourceId: `t${counter}`,
    tenant: counter % 2 ? 'acme' : 'globex',
    outcome: 'success',
    severity: 'high',
    metadata: { n: counter, after: { plan: 'pro' } },
    ip: '10.0.0.1',
    ...overrides,
  };
}

/** Runs a statement past the immutability guard, as an attacker with SQL access. */
async function tamper(
  knex: Knex,
  work: (tx: Knex.Transaction) => Promise<unknown>,
) {
  await knex.transaction(async tx => {
    if (isPostgres(knex)) {
      await tx.raw(`SET LOCAL audit.purge = 'on'`);
    } else {
      await tx('audit_purge_permit').insert({ id: 1 });
    }
    await work(tx);
    if (!isPostgres(knex)) {
      await tx('audit_purge_permit').delete();
    }
  });
}

describe('AuditStore', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    async function setup(
      id: TestDatabaseId,
      policy: RetentionPolicy = { rules: [] },
    ) {
      const knex = await databases.init(id);
      const signer = CheckpointSigner.ephemeral();
      const stores = await connectAuditStores(mockServices.database({ knex }), {
        signer,
        checkpointInterval: 4,
        sha256: nodeSha256,
      });
      return {
        knex,
        store: stores.audit,
        verification: new VerificationService(stores, { sha256: nodeSha256 }),
        retention: new RetentionService(stores, {
          logger: mockServices.logger.mock(),
          retention: policy,
        }),
        signer,
      };
    }

    it('verifies the chain as of its head while records keep arriving', async () => {
      const { store, verification } = await setup(databaseId);
      await store.append([event(), event()]);
      // Another instance appends right after the verification read the head.
      const head = store.head.bind(store);
      jest.spyOn(store, 'head').mockImplementationOnce(async () => {
        const read = await head();
        await store.append([event()]);
        return read;
      });
      const report = await verification.verify();
      expect(report).toMatchObject({ ok: true, checked: 2, head: { seq: 2 } });
      expect(report.brokenRanges ?? []).toEqual([]);
      expect(await verification.verify()).toMatchObject({
        ok: true,
        checked: 3,
      });
    });

    it('appends a batch as one chain that verifies, with checkpoints', async () => {
      const { store, verification } = await setup(databaseId);
      await store.append([event(), event(), event()]);
      await store.append([event(), event(), event()]);
      const page = await store.page({}, { order: 'asc', limit: 100 });
      expect(page.map(r => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(page[0].prevHash).toBe(GENESIS_HASH);
      expect(page[1].prevHash).toBe(page[0].hash);
      // The shared pure verifier agrees with the server's hashing.
      expect(verifyChain(page)).toEqual({ ok: true, checked: 6 });
      const report = await verification.verify();
      expect(report).toMatchObject({
        ok: true,
        checked: 6,
        head: { seq: 6, hash: page[5].hash },
        anchor: { status: 'genesis' },
        checkpoints: { checked: 1, invalid: 0 },
      });
      const [checkpoint] = await store.checkpoints({ limit: 10 });
      expect(checkpoint).toMatchObject({
        seq: 4,
        hash: page[3].hash,
        kind: 'interval',
      });
    });

    it('records a (source, eventId) once, also within one batch', async () => {
      const { store } = await setup(databaseId);
      const first = await store.append([
        event({ eventId: 'a' }),
        event({ eventId: 'b' }),
        event({ eventId: 'a' }),
        event({ eventId: 'a', source: 'service:other' }),
      ]);
      expect(first.accepted.map(a => a.index)).toEqual([0, 1, 3]);
      expect(first.duplicates).toEqual([
        { index: 2, eventId: 'a', id: first.accepted[0].id },
      ]);
      const retry = await store.append([
        event({ eventId: 'b' }),
        event({ eventId: 'c' }),
      ]);
      expect(retry.duplicates).toEqual([
        { index: 0, eventId: 'b', id: first.accepted[1].id },
      ]);
      expect(retry.accepted).toEqual([
        expect.objectContaining({ index: 1, seq: 4, eventId: 'c' }),
      ]);
    });

    it('keeps one chain under concurrent appends', async () => {
      const { store, verification } = await setup(databaseId);
      await Promise.all(
        Array.from({ length: 8 }, () =>
          store.append(Array.from({ length: 10 }, () => event())),
        ),
      );
      const report = await verification.verify();
      expect(report).toMatchObject({
        ok: true,
        checked: 80,
        head: { seq: 80 },
      });
    });

    it('records an event once when writers racing for the head both send it', async () => {
      const { store, verification } = await setup(databaseId);
      // Each batch shares event ids with the others: whoever writes second
      // (after a moved head or a refused duplicate) reports duplicates.
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, writer) =>
          store.append(
            Array.from({ length: 20 }, (__, i) =>
              event({ eventId: `race-${(writer * 7 + i) % 40}` }),
            ),
          ),
        ),
      );
      const accepted = results.flatMap(r => r.accepted.map(a => a.eventId));
      expect(new Set(accepted).size).toBe(accepted.length);
      expect(accepted.length).toBe(
        new Set(
          Array.from({ length: 6 }, (_, w) =>
            Array.from({ length: 20 }, (__, i) => (w * 7 + i) % 40),
          ).flat(),
        ).size,
      );
      const duplicates = results.reduce((n, r) => n + r.duplicates.length, 0);
      expect(accepted.length + duplicates).toBe(120);
      const report = await verification.verify();
      expect(report).toMatchObject({ ok: true, checked: accepted.length });
    });

    it('refuses UPDATE, DELETE (and on PostgreSQL TRUNCATE) of audit records', async () => {
      const { knex, store } = await setup(databaseId);
      await store.append([event(), event(), event(), event()]);
      expect(await store.checkpoints({ limit: 5 })).toHaveLength(1);
      // On SQLite, the guard's preconditions, so a failure below says which
      // one broke: no purge permit, both triggers, the row to update exists.
      const sqlite = !isPostgres(knex);
      const guard = sqlite
        ? {
            permits: await knex('audit_purge_permit').select(),
            triggers: (
              await knex('sqlite_master')
                .where({ type: 'trigger', tbl_name: 'audit_events' })
                .pluck('name')
            ).sort(),
            rows: Number(
              (
                await knex('audit_events').where({ seq: 1 }).count({ n: '*' })
              )[0].n,
            ),
          }
        : undefined;
      expect(guard).toEqual(
        sqlite
          ? {
              permits: [],
              triggers: ['audit_events_no_delete', 'audit_events_no_update'],
              rows: 1,
            }
          : undefined,
      );
      // A statement the guard must refuse: its error message, or when it got
      // through, the state it left, so a failure says what happened.
      const original = await knex.client.acquireConnection();
      original.diagnosticTag = 'original';
      await knex.client.releaseConnection(original);
      const state = async () => {
        const connection = await knex.client.acquireConnection();
        const inTransaction = connection.inTransaction;
        const tag = connection.diagnosticTag;
        await knex.client.releaseConnection(connection);
        return {
          tag,
          inTransaction,
          triggers: sqlite
            ? await knex('sqlite_master')
                .where({ type: 'trigger' })
                .pluck('name')
            : undefined,
          events: await knex('audit_events').pluck('seq'),
          checkpoints: await knex('audit_checkpoints').pluck('seq'),
          permits: await knex('audit_purge_permit').pluck('id'),
        };
      };
      const refusal = async (statement: Knex.QueryBuilder) => {
        const before = await state();
        return statement.then(
          async (changed: unknown) => ({
            changed,
            before,
            after: await state(),
          }),
          (error: Error) => error.message,
        );
      };
      expect(
        await refusal(
          knex('audit_events')
            .where({ seq: 1 })
            .update({ actor_id: 'mallory' }),
        ),
      ).toMatch(/append-only/);
      expect(
        await refusal(knex('audit_events').where({ seq: 1 }).delete()),
      ).toMatch(/append-only/);
      expect(await refusal(knex('audit_events').delete())).toMatch(
        /append-only/,
      );
      expect(await refusal(knex('audit_checkpoints').delete())).toMatch(
        /append-only/,
      );
      const truncate = isPostgres(knex)
        ? knex.raw('TRUNCATE audit_events')
        : Promise.reject(new Error('SQLite has no TRUNCATE: append-only'));
      await expect(truncate).rejects.toThrow(/append-only/);
      // Even past the guard, the chain fields cannot be rewritten.
      const before = await state();
      expect(
        await tamper(knex, tx =>
          tx('audit_events')
            .where({ seq: 1 })
            .update({ hash: 'f'.repeat(64) }),
        ).then(
          async () => ({ before, after: await state() }),
          (error: Error) => error.message,
        ),
      ).toMatch(/chain|append-only/);
      const rows = await knex('audit_events').orderBy('seq');
      expect(rows).toHaveLength(4);
      expect(rows[0].actor_id).not.toBe('mallory');
    });

    it.each([
      ['metadata', { metadata: '{"n":999}' }, 'metadata-altered'],
      ['actor', { actor_id: 'user:default/mallory' }, 'content-altered'],
      ['timestamp-free field', { outcome: 'failure' }, 'content-altered'],
    ])(
      'names the record whose %s was altered',
      async (_name, change, reason) => {
        const { knex, store, verification } = await setup(databaseId);
        await store.append([event(), event(), event(), event(), event()]);
        const target = (await store.page({}, { order: 'asc', limit: 10 }))[2];
        await tamper(knex, tx =>
          tx('audit_events').where({ seq: 3 }).update(change),
        );
        const report = await verification.verify();
        expect(report.ok).toBe(false);
        expect(report.firstBroken).toEqual({ seq: 3, id: target.id, reason });
      },
    );

    it('names a broken link and missing records', async () => {
      const { knex, store, verification } = await setup(databaseId);
      await store.append([
        event(),
        event(),
        event(),
        event(),
        event(),
        event(),
      ]);
      const rows = await store.page({}, { order: 'asc', limit: 10 });
      // Delete a record in the middle (an attacker past the guard).
      await tamper(knex, tx => tx('audit_events').where({ seq: 3 }).delete());
      const report = await verification.verify();
      expect(report.firstBroken).toEqual({
        seq: 4,
        id: rows[3].id,
        reason: 'missing-record',
      });

      // Deleting the last record is caught by the head.
      const other = await setup(databaseId);
      await other.store.append([event(), event(), event()]);
      await tamper(other.knex, tx =>
        tx('audit_events').where({ seq: 3 }).delete(),
      );
      expect((await other.verification.verify()).firstBroken).toMatchObject({
        seq: 3,
        reason: 'missing-record',
      });
    });

    it('publishes audit.chain-broken from the scheduled verification when the trail is broken, and nothing while it is intact', async () => {
      const { knex, store, verification } = await setup(databaseId);
      await store.append([event(), event(), event(), event(), event()]);
      const events = mockServices.events.mock();
      const watch = new ChainWatch({
        verification,
        events,
        logger: mockServices.logger.mock(),
        now: () => NOW,
      });
      expect((await watch.check()).ok).toBe(true);
      expect(events.publish).not.toHaveBeenCalled();

      const rows = await store.page({}, { order: 'asc', limit: 10 });
      await tamper(knex, tx =>
        tx('audit_events').where({ seq: 2 }).update({ resource_id: 'forged' }),
      );
      expect((await watch.check()).ok).toBe(false);
      expect(events.publish).toHaveBeenCalledTimes(1);
      expect(events.publish).toHaveBeenCalledWith({
        topic: 'controlplane.audit',
        eventPayload: {
          type: 'audit.chain-broken',
          verifiedAt: NOW.toISOString(),
          firstBroken: expect.objectContaining({ seq: 2, id: rows[1].id }),
          openBrokenRanges: 1,
          invalidCheckpoints: expect.any(Number),
          invalidAcknowledgements: 0,
          anchorStatus: 'genesis',
          head: expect.objectContaining({ seq: 5 }),
        },
      });
    });

    it('purges by retention class and keeps the chain verifiable', async () => {
      const { knex, store, verification, retention } = await setup(databaseId, {
        defaultDays: 30,
        rules: [{ actions: ['rbac.*', 'tenants.suspend'], days: 2555 }],
      });
      // seq 1-3 old default class, 4 old rbac (kept), 5 old default,
      // 6 old tenants.suspend (kept), 7-8 recent default.
      await store.append([
        event({ action: 'flags.update', timestamp: daysAgo(400) }),
        event({ action: 'flags.update', timestamp: daysAgo(300) }),
        event({ action: 'billing.quota-update', timestamp: daysAgo(100) }),
        event({ action: 'rbac.role-grant', timestamp: daysAgo(90) }),
        event({ action: 'flags.update', timestamp: daysAgo(80) }),
        event({ action: 'tenants.suspend', timestamp: daysAgo(70) }),
        event({ action: 'flags.update', timestamp: daysAgo(10) }),
        event({ action: 'rbacx.other', timestamp: daysAgo(1) }),
      ]);
      const result = await retention.purge(NOW, 2);
      expect(result).toEqual({ redacted: 4, deleted: 3 });

      const listed = await store.page({}, { order: 'asc', limit: 100 });
      expect(listed.map(r => r.seq)).toEqual([4, 6, 7, 8]);
      const remaining = await knex('audit_events').orderBy('seq');
      expect(remaining.map(r => Number(r.seq))).toEqual([4, 5, 6, 7, 8]);
      expect(remaining[1]).toMatchObject({
        actor_id: null,
        metadata: null,
        ip: null,
      });

      const report = await verification.verify();
      expect(report).toMatchObject({
        ok: true,
        checked: 5,
        contentPurged: 1,
        anchor: { seq: 3, status: 'checkpoint-verified' },
        checkpoints: { invalid: 0 },
      });
      // Running again changes nothing.
      expect(await retention.purge(NOW, 2)).toEqual({
        redacted: 0,
        deleted: 0,
      });
      // Appending after a purge continues the same chain.
      await store.append([event()]);
      expect((await verification.verify()).ok).toBe(true);
    });

    it('purges nothing without retention and everything once all expired', async () => {
      const none = await setup(databaseId);
      await none.store.append([event({ timestamp: daysAgo(5000) })]);
      expect(await none.retention.purge(NOW)).toEqual({
        redacted: 0,
        deleted: 0,
      });

      const all = await setup(databaseId, { defaultDays: 1, rules: [] });
      await all.store.append([
        event({ timestamp: daysAgo(10) }),
        event({ timestamp: daysAgo(9) }),
      ]);
      expect(await all.retention.purge(NOW)).toEqual({
        redacted: 2,
        deleted: 2,
      });
      await all.store.append([event({ timestamp: NOW.toISOString() })]);
      expect(await all.verification.verify()).toMatchObject({
        ok: true,
        checked: 1,
        anchor: { seq: 2, status: 'checkpoint-verified' },
      });
    });
  });
});

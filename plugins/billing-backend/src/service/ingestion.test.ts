import {
  createPortalTestDatabases,
  eventually,
} from '@controlplane/test-utils';
import request from 'supertest';
import {
  BillingHarness,
  startBillingBackend,
  usageEvent,
} from '../__testUtils__/harness';

jest.setTimeout(120_000);

/**
 * Ingestion and export through the real router and the apps plugin's
 * credentials, on SQLite and PostgreSQL: exactly once under concurrent
 * retries, per-event refusals, durability, export resumption.
 */
describe('billing ingestion and export', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let h: BillingHarness;
    let writer: string;
    let reader: string;

    beforeAll(async () => {
      h = await startBillingBackend(databases, databaseId);
      await h.provision({
        acme: 'professional',
        globex: 'free',
        initech: 'starter',
      });
      writer = await h.appToken(
        'usage-writer',
        ['acme', 'initech'],
        ['billing:write'],
      );
      reader = await h.appToken('usage-reader', ['acme'], ['billing:read']);
    });

    afterAll(async () => {
      await h?.backend.stop();
    });

    const eventRows = async (ids: string[]) =>
      h.knex('billing_events').whereIn('event_id', ids);

    it('records each event once however often and however concurrently it is retried', async () => {
      const events = Array.from({ length: 50 }, () => usageEvent());
      const [a, b] = await Promise.all([
        h.asApp(writer).post('/events', { events }),
        h.asApp(writer).post('/events', { events }),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      // Every event is new in exactly one answer and a duplicate in the other.
      for (const index of events.keys()) {
        const created = [a, b].filter(res =>
          res.body.created.some((e: { index: number }) => e.index === index),
        );
        expect(created).toHaveLength(1);
      }
      expect(a.body.created.length + b.body.created.length).toBe(50);
      expect(a.body.duplicates.length + b.body.duplicates.length).toBe(50);
      const ids = events.map(event => event.id);
      // Committed before the answer: one row per id, and the aggregate once.
      expect(await eventRows(ids)).toHaveLength(50);
      const again = await h.asApp(writer).post('/events', { events });
      expect(again.body.created).toEqual([]);
      expect(again.body.duplicates).toHaveLength(50);
      expect(await eventRows(ids)).toHaveLength(50);
      const summary = await h.as('ada').get('/tenants/acme/usage');
      const tokens = summary.body.usage.find(
        (line: { type: string }) => line.type === 'tokens',
      );
      expect(tokens.quantity).toBe(50_000);
      // Two copies in one batch: one event.
      const twin = usageEvent();
      const twins = await h
        .asApp(writer)
        .post('/events', { events: [twin, twin] });
      expect(twins.body).toMatchObject({
        created: [{ index: 0, id: twin.id }],
        duplicates: [{ index: 1, id: twin.id }],
      });
    });

    it('refuses invalid events one by one and stores the valid ones', async () => {
      await h.tenantEvent({
        type: 'tenant.suspended',
        tenant: 'initech',
        reason: 'x',
      });
      const events = [
        usageEvent(),
        usageEvent({ tenant: 'globex' }),
        usageEvent({
          timestamp: new Date(Date.now() + 3_600_000).toISOString(),
        }),
        usageEvent({ type: 'api_call', quantity: 3 }),
      ];
      await eventually(async () => {
        const res = await h
          .asApp(writer)
          .post('/events', { events: [usageEvent({ tenant: 'initech' })] });
        expect(res.body.rejected).toHaveLength(1);
      });
      const res = await h.asApp(writer).post('/events', { events });
      expect(res.status).toBe(200);
      expect(res.body.created.map((e: { index: number }) => e.index)).toEqual([
        0, 3,
      ]);
      expect(res.body.rejected).toEqual([
        {
          index: 1,
          id: events[1].id,
          reason: expect.stringMatching(/does not serve tenant globex/),
        },
        {
          index: 2,
          id: events[2].id,
          reason: expect.stringMatching(/in the future/),
        },
      ]);
      expect(await eventRows(events.map(e => e.id))).toHaveLength(2);
    });

    it('refuses a batch outside the contract with a 400 and stores nothing', async () => {
      const before = Number(
        (await h.knex('billing_events').count({ c: '*' }))[0].c,
      );
      for (const events of [
        [usageEvent({ quantity: -1 })],
        [usageEvent({ quantity: 1e13 })],
        [usageEvent({ type: 'Tokens!' })],
        Array.from({ length: 1001 }, () => usageEvent()),
        [],
      ]) {
        expect((await h.asApp(writer).post('/events', { events })).status).toBe(
          400,
        );
      }
      expect(
        (await h.asApp(reader).post('/events', { events: [usageEvent()] }))
          .status,
      ).toBe(403);
      expect(
        (
          await request(h.backend.server)
            .post('/api/billing/events')
            .send({ events: [] })
        ).status,
      ).toBe(401);
      expect(
        Number((await h.knex('billing_events').count({ c: '*' }))[0].c),
      ).toBe(before);
    });

    it('refuses events of a closed period', async () => {
      await h
        .knex('billing_periods')
        .insert({ period: '2025-01', status: 'closed' });
      const old = usageEvent({ timestamp: '2025-01-15T10:00:00.000Z' });
      const res = await h.asApp(writer).post('/events', { events: [old] });
      expect(res.body.rejected).toEqual([
        { index: 0, id: old.id, reason: 'the period 2025-01 is closed' },
      ]);
    });

    it('exports a period page by page, resuming exactly where it stopped while events keep arriving', async () => {
      const exportAll = async (limit: number) => {
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < 100; page++) {
          const res = await h
            .asApp(reader)
            .get(
              `/export?tenant=acme&format=ndjson&limit=${limit}${
                cursor ? `&cursor=${cursor}` : ''
              }`,
            );
          expect(res.status).toBe(200);
          seen.push(
            ...res.text
              .split('\n')
              .filter(Boolean)
              .map(line => JSON.parse(line).id),
          );
          // More events arrive between pages.
          await h.asApp(writer).post('/events', { events: [usageEvent()] });
          cursor = res.headers['x-next-cursor'];
          if (!cursor) break;
        }
        return seen;
      };
      const seen = await exportAll(7);
      expect(new Set(seen).size).toBe(seen.length);
      const stored = await h
        .knex('billing_events')
        .where({ tenant: 'acme', period: new Date().toISOString().slice(0, 7) })
        .orderBy('seq');
      // Every event stored before the last page is in the export, in order.
      const expected = stored.map(row => row.event_id).slice(0, seen.length);
      expect(seen).toEqual(expected);

      const csv = await h
        .asApp(reader)
        .get('/export?tenant=acme&format=csv&limit=2');
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.text.split('\n')[0]).toBe(
        'seq,id,source,tenant,period,type,quantity,model,agent,app,timestamp,recordedAt,properties',
      );
      expect(csv.text.trim().split('\n')).toHaveLength(3);
      expect((await h.asApp(reader).get('/export?tenant=globex')).status).toBe(
        403,
      );
      expect((await h.asApp(writer).get('/export?tenant=acme')).status).toBe(
        403,
      );
      expect(
        (await h.asApp(reader).get('/export?tenant=acme&cursor=bogus')).status,
      ).toBe(400);
    });
  });
});

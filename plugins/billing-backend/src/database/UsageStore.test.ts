import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { Knex } from 'knex';
import { bindBillingStores, migrateBillingDatabase } from './stores';
import { HourlyUsage, StoredEvent } from './UsageStore';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A deterministic spread of events over 10 days across a month's end. */
function eventsAround(start: Date, count: number): StoredEvent[] {
  return Array.from({ length: count }, (_, i) => {
    // Minutes apart, a prime stride, so hours and days fill unevenly.
    const occurredAt = new Date(start.getTime() + ((i * 37) % 14_400) * 60_000);
    const iso = occurredAt.toISOString();
    return {
      source: 'service:test',
      eventId: `e-${i}`,
      tenant: ['acme', 'globex', 'initech'][i % 3],
      period: iso.slice(0, 7),
      type: ['executions', 'tokens', 'api_call'][(i % 5) % 3],
      quantity: 1 + (i % 7),
      model: i % 5 === 1 ? ['gpt-4o', 'claude-3'][i % 2] : undefined,
      agent: i % 4 === 0 ? 'agent:default/triage' : undefined,
      app: `app-${i % 2}`,
      occurredAt: iso,
      recordedAt: iso,
    };
  });
}

const keyed = (rows: Array<Record<string, unknown>>, key: string[]) =>
  Object.fromEntries(
    rows.map(row => [
      key.map(column => String(row[column])).join('|'),
      { quantity: Number(row.quantity), events: Number(row.events) },
    ]),
  );

/**
 * The running totals per period and per day that ingestion keeps next to
 * the hourly aggregates, and the figures read from them.
 */
describe('UsageStore running totals', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let knex: Knex;
    const isPg = () => /^(pg|postgres)/.test(String(knex.client.config.client));
    /** Day and hour columns as ISO strings on either database. */
    const iso = (value: unknown) => new Date(value as string).toISOString();

    /** The totals as the hourly aggregates add up, grouped in SQL. */
    const expectedFromHourly = async () => {
      const day = isPg()
        ? `date_trunc('day', hour, 'UTC')`
        : `substr(hour, 1, 10) || 'T00:00:00.000Z'`;
      const totals = await knex('billing_usage_hourly')
        .select('period', 'tenant', 'type', 'model')
        .sum({ quantity: 'quantity', events: 'events' })
        .groupBy('period', 'tenant', 'type', 'model');
      const daily: Array<Record<string, unknown>> = await knex(
        'billing_usage_hourly',
      )
        .select('type', knex.raw(`${day} as day`), 'tenant')
        .sum({ quantity: 'quantity', events: 'events' })
        .groupByRaw(`type, ${day}, tenant`);
      return {
        totals: keyed(totals, ['period', 'tenant', 'type', 'model']),
        daily: keyed(
          daily.map(row => ({ ...row, day: iso(row.day) })),
          ['type', 'day', 'tenant'],
        ),
      };
    };
    const actual = async () => ({
      totals: keyed(await knex('billing_usage_totals'), [
        'period',
        'tenant',
        'type',
        'model',
      ]),
      daily: keyed(
        (await knex('billing_usage_daily')).map(row => ({
          ...row,
          day: iso(row.day),
        })),
        ['type', 'day', 'tenant'],
      ),
    });

    beforeEach(async () => {
      knex = await databases.init(databaseId);
    });

    it('fills the totals from the hourly aggregates that exist when it is migrated', async () => {
      const directory = resolvePackagePath(
        '@controlplane/plugin-billing-backend',
        'migrations',
      );
      // The migrations before the running totals.
      await knex.migrate.up({ directory });
      await knex.migrate.up({ directory });
      expect(await knex.schema.hasTable('billing_usage_totals')).toBe(false);
      const rows: HourlyUsage[] = [
        ['acme', '2026-11-30T23:00:00.000Z', 'executions', '', 5],
        ['acme', '2026-12-01T00:00:00.000Z', 'executions', '', 7],
        ['acme', '2026-12-01T13:00:00.000Z', 'tokens', 'gpt-4o', 100],
        ['acme', '2026-12-01T13:00:00.000Z', 'tokens', 'claude-3', 50],
        ['globex', '2026-12-01T13:00:00.000Z', 'executions', '', 2],
      ].map(([tenant, hour, type, model, quantity]) => ({
        tenant: tenant as string,
        period: (hour as string).slice(0, 7),
        hour: hour as string,
        app: 'app-1',
        agent: '',
        type: type as string,
        model: model as string,
        quantity: quantity as number,
        events: 1,
      }));
      await knex('billing_usage_hourly').insert(rows);
      // The same usage twice more in other apps and agents of the hours.
      await knex('billing_usage_hourly').insert(
        rows.map(row => ({ ...row, app: 'app-2', quantity: 1, events: 3 })),
      );

      await migrateBillingDatabase(knex);

      const { totals, daily } = await actual();
      expect(totals).toEqual({
        '2026-11|acme|executions|': { quantity: 6, events: 4 },
        '2026-12|acme|executions|': { quantity: 8, events: 4 },
        '2026-12|acme|tokens|gpt-4o': { quantity: 101, events: 4 },
        '2026-12|acme|tokens|claude-3': { quantity: 51, events: 4 },
        '2026-12|globex|executions|': { quantity: 3, events: 4 },
      });
      expect(daily).toEqual({
        'executions|2026-11-30T00:00:00.000Z|acme': { quantity: 6, events: 4 },
        'executions|2026-12-01T00:00:00.000Z|acme': { quantity: 8, events: 4 },
        'tokens|2026-12-01T00:00:00.000Z|acme': { quantity: 152, events: 8 },
        'executions|2026-12-01T00:00:00.000Z|globex': {
          quantity: 3,
          events: 4,
        },
      });
    });

    it('keeps the totals equal to the hourly aggregates under concurrent ingestion', async () => {
      await migrateBillingDatabase(knex);
      const stores = bindBillingStores(knex);
      const events = eventsAround(new Date('2026-11-27T05:17:00.000Z'), 1200);
      // Eight concurrent transactions, each adding interleaved events of
      // the same tenants, hours and days (the same rows, locked in turn).
      const batches = Array.from({ length: 8 }, (_, b) =>
        events.filter((_event, i) => i % 8 === b),
      );
      await Promise.all(
        batches.map(batch =>
          stores.transaction(trx => trx.usage.addToAggregates(batch)),
        ),
      );

      const expected = await expectedFromHourly();
      const { totals, daily } = await actual();
      expect(totals).toEqual(expected.totals);
      expect(daily).toEqual(expected.daily);
      const sum = (values: Array<{ quantity: number }>) =>
        values.reduce((total, value) => total + value.quantity, 0);
      const all = events.reduce((total, event) => total + event.quantity, 0);
      expect(sum(Object.values(totals))).toBe(all);
      expect(sum(Object.values(daily))).toBe(all);
      expect(Object.keys(totals).some(key => key.startsWith('2026-11'))).toBe(
        true,
      );
      expect(Object.keys(totals).some(key => key.startsWith('2026-12'))).toBe(
        true,
      );
    });

    it('answers the 24-hour and 7-day figures the hourly aggregates give, at any time of day', async () => {
      await migrateBillingDatabase(knex);
      const stores = bindBillingStores(knex);
      const events = eventsAround(new Date('2026-11-27T05:17:00.000Z'), 1200);
      await stores.usage.addToAggregates(events);
      // Window starts at midnight, just after it, mid-day, just before it.
      const nows = [
        '2026-12-05T00:00:00.000Z',
        '2026-12-05T01:00:00.000Z',
        '2026-12-04T13:30:00.000Z',
        '2026-12-06T23:59:59.999Z',
        '2026-12-03T00:10:00.000Z',
      ];
      for (const now of nows) {
        const hourStart = (ms: number) => {
          const from = new Date(new Date(now).getTime() - ms);
          from.setUTCMinutes(0, 0, 0);
          return from.toISOString();
        };
        const windows = {
          from24h: hourStart(DAY_MS),
          from7d: hourStart(7 * DAY_MS),
        };
        const expected = new Map<string, { last24h: number; last7d: number }>();
        for (const event of events) {
          if (event.type !== 'executions') continue;
          const hour = new Date(event.occurredAt);
          hour.setUTCMinutes(0, 0, 0);
          const at = hour.toISOString();
          if (at < windows.from7d) continue;
          const sums = expected.get(event.tenant) ?? { last24h: 0, last7d: 0 };
          sums.last7d += event.quantity;
          if (at >= windows.from24h) sums.last24h += event.quantity;
          expected.set(event.tenant, sums);
        }
        expect({
          now,
          totals: await stores.usage.typeTotalsSince('executions', windows),
        }).toEqual({ now, totals: expected });
      }
    });
  });
});

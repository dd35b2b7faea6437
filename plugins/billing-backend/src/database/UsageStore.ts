import { KnexStore } from '@controlplane/backend-common';
import { Knex } from 'knex';
import { periodOf } from '@controlplane/plugin-billing-common';

/** A usage event as stored (after validation). */
export interface StoredEvent {
  source: string;
  eventId: string;
  tenant: string;
  period: string;
  type: string;
  quantity: number;
  model?: string;
  agent?: string;
  app?: string;
  properties?: Record<string, string>;
  occurredAt: string;
  recordedAt: string;
}

/** Summed usage of one key (type and model, or a group). */
export interface UsageRow {
  key: string;
  type: string;
  model: string;
  quantity: number;
}

/** Usage of one hour and key, as the hourly aggregates hold it. */
export interface HourlyUsage {
  tenant: string;
  period: string;
  /** The start of the hour, ISO 8601 UTC. */
  hour: string;
  /** The app, agent and model, or '' when the events had none. */
  app: string;
  agent: string;
  type: string;
  model: string;
  quantity: number;
  events: number;
}

/** What a group-by may group on, as aggregate columns. */
export type UsageGroup = 'app' | 'agent' | 'type' | 'model' | 'day';

const hourOf = (time: string) => {
  const hour = new Date(time);
  hour.setUTCMinutes(0, 0, 0);
  return hour.toISOString();
};

const DAY_MS = 86_400_000;

const dayOf = (time: string) =>
  `${new Date(time).toISOString().slice(0, 10)}T00:00:00.000Z`;

/** The first midnight UTC at or after `time`. */
const dayStartFrom = (time: string) => {
  const day = new Date(time);
  if (day.getTime() % DAY_MS !== 0) day.setUTCHours(24, 0, 0, 0);
  return day.toISOString();
};

/**
 * The aggregate tables, each with its primary key (the upserts' conflict
 * key) and the key of an hourly row in it; written in this order.
 */
const AGGREGATES = {
  billing_usage_hourly: {
    key: ['tenant', 'hour', 'app', 'agent', 'type', 'model'],
    keyOf: (row: HourlyUsage) => ({
      tenant: row.tenant,
      period: row.period,
      hour: row.hour,
      app: row.app,
      agent: row.agent,
      type: row.type,
      model: row.model,
    }),
  },
  billing_usage_totals: {
    key: ['period', 'tenant', 'type', 'model'],
    keyOf: (row: HourlyUsage) => ({
      period: row.period,
      tenant: row.tenant,
      type: row.type,
      model: row.model,
    }),
  },
  billing_usage_daily: {
    key: ['type', 'day', 'tenant'],
    keyOf: (row: HourlyUsage) => ({
      type: row.type,
      day: dayOf(row.hour),
      tenant: row.tenant,
    }),
  },
};
type AggregateTable = keyof typeof AGGREGATES;
type Sum = Record<string, string | number>;

/**
 * All SQL of usage: raw events (exactly once per source and event id), the
 * hourly aggregates and running totals kept with them, periods and their
 * frozen totals.
 */
export class UsageStore extends KnexStore {
  /** Creates the periods that do not exist yet (open). */
  async ensurePeriods(periods: string[]): Promise<void> {
    if (periods.length === 0) return;
    await this.db('billing_periods')
      .insert(periods.map(period => ({ period, status: 'open' })))
      .onConflict('period')
      .ignore();
  }

  /**
   * The statuses of these periods; on PostgreSQL in a transaction, shared
   * locks that keep a close from running until this transaction ends.
   */
  async periodStatuses(periods: string[]): Promise<Map<string, string>> {
    const query = this.db('billing_periods')
      .whereIn('period', periods)
      .select('period', 'status');
    const rows: Array<{ period: string; status: string }> = this.isPostgres
      ? await query.forShare()
      : await query;
    return new Map(rows.map(row => [row.period, row.status]));
  }

  /**
   * Inserts the events no earlier request recorded; answers the event ids
   * inserted. The unique key (source, event_id) decides, at write time:
   * a concurrent retry waits for the first and then inserts nothing.
   */
  async insertNew(events: StoredEvent[]): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    const rows: Array<{ event_id: string }> = await this.db('billing_events')
      .insert(
        events.map(event => ({
          source: event.source,
          event_id: event.eventId,
          tenant: event.tenant,
          period: event.period,
          type: event.type,
          quantity: event.quantity,
          model: event.model ?? null,
          agent: event.agent ?? null,
          app: event.app ?? null,
          properties: event.properties
            ? JSON.stringify(event.properties)
            : null,
          occurred_at: event.occurredAt,
          recorded_at: event.recordedAt,
        })),
      )
      .onConflict(['source', 'event_id'])
      .ignore()
      .returning('event_id');
    return new Set(rows.map(row => row.event_id));
  }

  /** Adds events to the aggregates (see `addAggregated`). */
  async addToAggregates(events: StoredEvent[]): Promise<void> {
    await this.addAggregated(
      events.map(event => ({
        tenant: event.tenant,
        period: event.period,
        hour: hourOf(event.occurredAt),
        app: event.app ?? '',
        agent: event.agent ?? '',
        type: event.type,
        model: event.model ?? '',
        quantity: event.quantity,
        events: 1,
      })),
    );
  }

  /**
   * Adds usage to the hourly aggregates and to the running totals per
   * period and per day: ingestion's events, or seeds' hourly rows. Each
   * table gets a multi-row upsert with its keys in a fixed order, and every
   * batch writes the tables through statements of the same shape, so
   * concurrent batches lock rows in the same order: no deadlock.
   */
  async addAggregated(rows: HourlyUsage[]): Promise<void> {
    if (!this.isPostgres) {
      // SQLite bounds the variables of a statement: 500 rows at a time.
      for (const [table, sums] of this.#sumsPerTable(rows)) {
        for (let i = 0; i < sums.length; i += 500) {
          await this.#upsert(table, sums.slice(i, i + 500));
        }
      }
      return;
    }
    // PostgreSQL: the three upserts as one statement (one round trip), for
    // up to 1,000 rows (a request's batch) at a time.
    for (let i = 0; i < rows.length; i += 1000) {
      const [hourly, totals, daily] = this.#sumsPerTable(
        rows.slice(i, i + 1000),
      ).map(([table, sums]) => this.#upsert(table, sums).toSQL());
      await this.db.raw(
        `WITH hourly AS (${hourly.sql}), totals AS (${totals.sql}) ${daily.sql}`,
        [...hourly.bindings, ...totals.bindings, ...daily.bindings],
      );
    }
  }

  /** Per aggregate table, the rows' quantity and events summed per key. */
  #sumsPerTable(rows: HourlyUsage[]): Array<[AggregateTable, Sum[]]> {
    return (Object.keys(AGGREGATES) as AggregateTable[]).map(table => {
      const sums = new Map<string, Sum>();
      for (const row of rows) {
        const key = AGGREGATES[table].keyOf(row);
        const id = JSON.stringify(key);
        const sum = sums.get(id) ?? { ...key, quantity: 0, events: 0 };
        sum.quantity = Number(sum.quantity) + row.quantity;
        sum.events = Number(sum.events) + row.events;
        sums.set(id, sum);
      }
      return [
        table,
        [...sums.entries()]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([, sum]) => sum),
      ];
    });
  }

  /** Adds `sums` to the rows of `table` with the same keys. */
  #upsert(table: AggregateTable, sums: Sum[]): Knex.QueryBuilder {
    return this.db(table)
      .insert(sums)
      .onConflict(AGGREGATES[table].key)
      .merge({
        quantity: this.db.raw('?? + excluded.??', [
          `${table}.quantity`,
          'quantity',
        ]),
        events: this.db.raw('?? + excluded.??', [`${table}.events`, 'events']),
      });
  }

  /** A tenant's usage in a period by type and model (running totals). */
  async usageOf(tenant: string, period: string): Promise<UsageRow[]> {
    return (await this.usageOfPeriods(tenant, [period])).get(period) ?? [];
  }

  /** A tenant's usage per period by type and model, in one query. */
  async usageOfPeriods(
    tenant: string,
    periods: string[],
  ): Promise<Map<string, UsageRow[]>> {
    const rows: Array<{
      period: string;
      type: string;
      model: string;
      quantity: number | string;
    }> = await this.db('billing_usage_totals')
      .where({ tenant })
      .whereIn('period', periods)
      .select('period', 'type', 'model', 'quantity');
    const byPeriod = new Map<string, UsageRow[]>();
    for (const row of rows) {
      const usage = byPeriod.get(row.period) ?? [];
      usage.push({
        key: row.type,
        type: row.type,
        model: row.model,
        quantity: Number(row.quantity),
      });
      byPeriod.set(row.period, usage);
    }
    return byPeriod;
  }

  /** A tenant's usage in a period grouped (with type and model for costs). */
  async grouped(
    tenant: string,
    period: string,
    group: UsageGroup,
  ): Promise<UsageRow[]> {
    const day = this.isPostgres
      ? `to_char(hour at time zone 'UTC', 'YYYY-MM-DD')`
      : 'substr(hour, 1, 10)';
    const builder = this.db('billing_usage_hourly')
      .where({ tenant, period })
      .select(
        group === 'day'
          ? this.db.raw(`${day} as key`)
          : this.db.raw('?? as key', [group]),
        'type',
        'model',
      )
      .sum({ quantity: 'quantity' });
    if (group === 'day') builder.groupByRaw(`${day}, type, model`);
    else builder.groupBy([group, 'type', 'model']);
    const rows: Array<{
      key: string;
      type: string;
      model: string;
      quantity: number | string;
    }> = (await builder) as never;
    return rows.map(row => ({
      ...row,
      key: String(row.key),
      quantity: Number(row.quantity),
    }));
  }

  /** Every tenant's usage in a period by type and model (running totals). */
  async allTenants(
    period: string,
  ): Promise<Array<UsageRow & { tenant: string }>> {
    const rows: Array<{
      tenant: string;
      type: string;
      model: string;
      quantity: number | string;
    }> = await this.db('billing_usage_totals')
      .where({ period })
      .select('tenant', 'type', 'model', 'quantity');
    return rows.map(row => ({
      tenant: row.tenant,
      key: row.type,
      type: row.type,
      model: row.model,
      quantity: Number(row.quantity),
    }));
  }

  /**
   * Per tenant, the quantity of events of `type` in the hours since
   * `from24h` and since `from7d` (the earlier). The whole days of a window
   * come from the daily totals, the hours before its first midnight from
   * the hourly aggregates (at most 23 hours, read from the (type, hour,
   * tenant, quantity) index alone): one grouped query whatever the number
   * of tenants. Tenants without such events since `from7d` are left out.
   */
  async typeTotalsSince(
    type: string,
    windows: { from24h: string; from7d: string },
  ): Promise<Map<string, { last24h: number; last7d: number }>> {
    const { from24h, from7d } = windows;
    const days24h = dayStartFrom(from24h);
    const days7d = dayStartFrom(from7d);
    const days = this.db('billing_usage_daily')
      .where({ type })
      .andWhere('day', '>=', days7d)
      .select(
        'tenant',
        this.db.raw('case when day >= ? then quantity else 0 end as last_24h', [
          days24h,
        ]),
        this.db.raw('quantity as last_7d'),
      );
    // The hours of the 7 days before their first midnight: not in the 24 hours.
    const first7dHours = this.db('billing_usage_hourly')
      .where({ type })
      .andWhere('hour', '>=', from7d)
      .andWhere('hour', '<', days7d)
      .select('tenant', this.db.raw('0 as last_24h'), 'quantity as last_7d');
    // The hours of the 24 before their first midnight: their day is already
    // in the 7 days' whole days.
    const first24hHours = this.db('billing_usage_hourly')
      .where({ type })
      .andWhere('hour', '>=', from24h)
      .andWhere('hour', '<', days24h)
      .select('tenant', 'quantity as last_24h', this.db.raw('0 as last_7d'));
    const rows: Array<{
      tenant: string;
      last_24h: number | string | null;
      last_7d: number | string | null;
    }> = await this.db
      .from(days.unionAll([first7dHours, first24hHours]).as('parts'))
      .groupBy('tenant')
      .select('tenant')
      .sum({ last_24h: 'last_24h', last_7d: 'last_7d' });
    return new Map(
      rows.map(row => [
        row.tenant,
        {
          last24h: Number(row.last_24h ?? 0),
          last7d: Number(row.last_7d ?? 0),
        },
      ]),
    );
  }

  /**
   * Per tenant, the start of the newest hour with usage of any type. One
   * statement that walks the primary key (tenant, hour, ...) instead of
   * every aggregate: each tenant found by a skip to the next one, then its
   * newest hour by one step back, two index probes per tenant whatever the
   * number of hours.
   */
  async lastUsagePerTenant(): Promise<Map<string, string>> {
    const result = await this.db.raw(
      `WITH RECURSIVE tenants (tenant) AS (
         SELECT min(tenant) FROM billing_usage_hourly
         UNION ALL
         SELECT (SELECT min(u.tenant) FROM billing_usage_hourly u WHERE u.tenant > t.tenant)
         FROM tenants t WHERE t.tenant IS NOT NULL
       )
       SELECT t.tenant,
              (SELECT u.hour FROM billing_usage_hourly u WHERE u.tenant = t.tenant
               ORDER BY u.hour DESC LIMIT 1) AS last
       FROM tenants t WHERE t.tenant IS NOT NULL`,
    );
    const rows: Array<{ tenant: string; last: Date | string | null }> = this
      .isPostgres
      ? result.rows
      : result;
    return new Map(
      rows
        .filter(row => row.last !== null)
        .map(row => [row.tenant, new Date(row.last!).toISOString()]),
    );
  }

  /**
   * Executions and tokens (every model) per hour since `from`, summed over
   * all tenants or over `tenants`: one grouped query on the aggregates.
   */
  async executionsAndTokensPerHour(
    from: string,
    tenants?: string[],
  ): Promise<Array<{ hour: string; executions: number; tokens: number }>> {
    const builder = this.db('billing_usage_hourly')
      .whereIn('type', ['executions', 'tokens'])
      .andWhere('hour', '>=', from)
      // The same rows; lets the period index narrow the scan.
      .andWhere('period', '>=', periodOf(from))
      .groupBy('hour')
      .orderBy('hour')
      .select(
        'hour',
        this.db.raw(
          "sum(case when type = 'executions' then quantity else 0 end) as executions",
        ),
        this.db.raw(
          "sum(case when type = 'tokens' then quantity else 0 end) as tokens",
        ),
      );
    if (tenants) builder.whereIn('tenant', tenants);
    const rows: Array<{
      hour: Date | string;
      executions: number | string;
      tokens: number | string;
    }> = await builder;
    return rows.map(row => ({
      hour: new Date(row.hour).toISOString(),
      executions: Number(row.executions),
      tokens: Number(row.tokens),
    }));
  }
}

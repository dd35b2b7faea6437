import { KnexStore } from '@controlplane/backend-common';
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

/** What a group-by may group on, as aggregate columns. */
export type UsageGroup = 'app' | 'agent' | 'type' | 'model' | 'day';

const hourOf = (time: string) => {
  const hour = new Date(time);
  hour.setUTCMinutes(0, 0, 0);
  return hour.toISOString();
};

/**
 * All SQL of usage: raw events (exactly once per source and event id), the
 * hourly aggregates kept with them, periods and their frozen totals.
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

  /**
   * Adds events to the hourly aggregates, one multi-row upsert, keys in a
   * fixed order (concurrent batches lock rows in the same order: no
   * deadlock).
   */
  async addToAggregates(events: StoredEvent[]): Promise<void> {
    const sums = new Map<string, Record<string, string | number>>();
    for (const event of events) {
      const row = {
        tenant: event.tenant,
        period: event.period,
        hour: hourOf(event.occurredAt),
        app: event.app ?? '',
        agent: event.agent ?? '',
        type: event.type,
        model: event.model ?? '',
      };
      const key = JSON.stringify(row);
      const sum = sums.get(key) ?? { ...row, quantity: 0, events: 0 };
      sum.quantity = Number(sum.quantity) + event.quantity;
      sum.events = Number(sum.events) + 1;
      sums.set(key, sum);
    }
    const rows = [...sums.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, row]) => row);
    for (let i = 0; i < rows.length; i += 500) {
      await this.db('billing_usage_hourly')
        .insert(rows.slice(i, i + 500))
        .onConflict(['tenant', 'hour', 'app', 'agent', 'type', 'model'])
        .merge({
          quantity: this.db.raw('?? + excluded.??', [
            'billing_usage_hourly.quantity',
            'quantity',
          ]),
          events: this.db.raw('?? + excluded.??', [
            'billing_usage_hourly.events',
            'events',
          ]),
        });
    }
  }

  /** A tenant's usage in a period by type and model (from the aggregates). */
  async usageOf(tenant: string, period: string): Promise<UsageRow[]> {
    return this.grouped(tenant, period, 'type');
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

  /** Every tenant's usage in a period by type and model. */
  async allTenants(
    period: string,
  ): Promise<Array<UsageRow & { tenant: string }>> {
    const rows: Array<{
      tenant: string;
      type: string;
      model: string;
      quantity: number | string;
    }> = await this.db('billing_usage_hourly')
      .where({ period })
      .select('tenant', 'type', 'model')
      .sum({ quantity: 'quantity' })
      .groupBy('tenant', 'type', 'model');
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
   * `from24h` and since `from7d` (the earlier), from the aggregates: one
   * grouped query whatever the number of tenants, over a range of the
   * (type, hour, tenant, quantity) index, which holds every column it reads.
   * Tenants without such events since `from7d` are left out.
   */
  async typeTotalsSince(
    type: string,
    windows: { from24h: string; from7d: string },
  ): Promise<Map<string, { last24h: number; last7d: number }>> {
    const { from24h, from7d } = windows;
    const rows: Array<{
      tenant: string;
      last_24h: number | string | null;
      last_7d: number | string | null;
    }> = await this.db('billing_usage_hourly')
      .where({ type })
      .andWhere('hour', '>=', from7d)
      .groupBy('tenant')
      .select(
        'tenant',
        this.db.raw(
          'sum(case when hour >= ? then quantity else 0 end) as last_24h',
          [from24h],
        ),
        this.db.raw('sum(quantity) as last_7d'),
      );
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

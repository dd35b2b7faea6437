import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  applyPermissionFilter,
  ColumnFilter,
  KnexStore,
  REQUEST_DURATION_BUCKETS_MS,
  RequestRollup,
} from '@controlplane/backend-common';

/** The bucket columns, b0 to b13 (the last one: slower than every bound). */
export const BUCKET_COLUMNS = Array.from(
  { length: REQUEST_DURATION_BUCKETS_MS.length + 1 },
  (_, index) => `b${index}`,
);

/** The columns a summary can group by. */
export type MetricsGrouping = 'plugin' | 'route' | 'tenant' | 'app';

/** The summed counts of one group. */
export interface MetricsSums {
  plugin: string;
  route?: string;
  tenant?: string;
  app?: string;
  requests: number;
  errors: number;
  buckets: number[];
}

const ROWS_PER_INSERT = 200;

/** The columns a minute's or an hour's row is keyed by, besides its time. */
const GROUP_COLUMNS = ['plugin', 'route', 'status_class', 'tenant', 'app'];

/** One stored group of requests, minute or hour. */
interface StoredGroup {
  time: string;
  plugin: string;
  route: string;
  status_class: string;
  tenant: string;
  app: string;
  count: number;
  duration_sum_ms: number;
  buckets: number[];
}

/** Requests of a time or group, with their errors and durations. */
export interface TimeSums {
  requests: number;
  /** 5xx answers. */
  serverErrors: number;
  /** 4xx answers other than 429. */
  clientErrors: number;
  /** 429 answers. */
  rateLimited: number;
  durationSumMs: number;
  buckets: number[];
}

/** Two sums added. */
export function addSums(a: TimeSums, b: TimeSums): TimeSums {
  return {
    requests: a.requests + b.requests,
    serverErrors: a.serverErrors + b.serverErrors,
    clientErrors: a.clientErrors + b.clientErrors,
    rateLimited: a.rateLimited + b.rateLimited,
    durationSumMs: a.durationSumMs + b.durationSumMs,
    buckets: a.buckets.map((count, index) => count + (b.buckets[index] ?? 0)),
  };
}

/** Request metrics per minute, added up over instances. */
export class RequestMetricsStore extends KnexStore {
  /** Adds rollups to the stored rows (insert, or add on conflict). */
  async add(rollups: RequestRollup[]): Promise<void> {
    await this.#addTo(
      'request_metrics',
      'minute',
      rollups.map(rollup => ({
        time: rollup.minute,
        plugin: rollup.plugin,
        route: rollup.route.slice(0, 300),
        status_class: rollup.statusClass,
        tenant: rollup.tenant,
        app: rollup.app.slice(0, 255),
        count: rollup.count,
        duration_sum_ms: rollup.durationSumMs,
        buckets: rollup.buckets,
      })),
    );
  }

  async #addTo(
    table: 'request_metrics' | 'request_metrics_hourly',
    timeColumn: 'minute' | 'hour',
    groups: StoredGroup[],
  ): Promise<void> {
    if (groups.length === 0) return;
    const added = (column: string) =>
      this.db.raw('?? + ??', [`${table}.${column}`, `excluded.${column}`]);
    const merge = Object.fromEntries(
      ['count', 'duration_sum_ms', ...BUCKET_COLUMNS].map(column => [
        column,
        added(column),
      ]),
    );
    const rows = groups.map(({ time, buckets, ...group }) => ({
      [timeColumn]: time,
      ...group,
      ...Object.fromEntries(
        BUCKET_COLUMNS.map((column, index) => [column, buckets[index] ?? 0]),
      ),
    }));
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      await this.db(table)
        .insert(rows.slice(start, start + ROWS_PER_INSERT))
        .onConflict([timeColumn, ...GROUP_COLUMNS])
        .merge(merge);
    }
  }

  /**
   * Adds the minutes from the watermark up to `until` (an hour's start) to
   * the hourly table and moves the watermark, in the caller's transaction:
   * each minute is rolled up once, whichever instance runs it. Answers the
   * hourly groups written.
   */
  async rollUp(until: string): Promise<number> {
    const state = await this.forUpdate(
      this.db('request_metrics_rollup').where({ id: 1 }).first(),
    );
    let from: string | undefined = state?.rolled_until;
    if (!from) {
      const [{ first }] = await this.db('request_metrics').min({
        first: 'minute',
      });
      from = first ? `${String(first).slice(0, 13)}:00:00.000Z` : until;
    }
    if (from >= until) {
      await this.#saveWatermark(until, !!state);
      return 0;
    }
    const hour = this.db.raw(`substr(minute, 1, 13) AS hour_key`);
    const rows: Record<string, string | number>[] = await this.db(
      'request_metrics',
    )
      .where('minute', '>=', from)
      .andWhere('minute', '<', until)
      .select(hour, ...GROUP_COLUMNS)
      .sum({ count: 'count', duration_sum_ms: 'duration_sum_ms' })
      .modify(builder => {
        for (const column of BUCKET_COLUMNS) builder.sum({ [column]: column });
      })
      .groupByRaw(`substr(minute, 1, 13), ${GROUP_COLUMNS.join(', ')}`);
    await this.#addTo(
      'request_metrics_hourly',
      'hour',
      rows.map(row => ({
        time: `${row.hour_key}:00:00.000Z`,
        plugin: String(row.plugin),
        route: String(row.route),
        status_class: String(row.status_class),
        tenant: String(row.tenant),
        app: String(row.app),
        count: Number(row.count),
        duration_sum_ms: Number(row.duration_sum_ms),
        buckets: BUCKET_COLUMNS.map(column => Number(row[column] ?? 0)),
      })),
    );
    await this.#saveWatermark(until, !!state);
    return rows.length;
  }

  async #saveWatermark(until: string, exists: boolean) {
    if (exists) {
      await this.db('request_metrics_rollup')
        .where({ id: 1 })
        .update({ rolled_until: until });
    } else {
      await this.db('request_metrics_rollup').insert({
        id: 1,
        rolled_until: until,
      });
    }
  }

  /** The minutes before this are in the hourly table (none: nothing is). */
  async watermark(): Promise<string | undefined> {
    const row = await this.db('request_metrics_rollup')
      .where({ id: 1 })
      .first();
    return row?.rolled_until;
  }

  /**
   * Sums per hour (or per `by` group) since `from`: the hourly rows before
   * the watermark and the minutes after it, two grouped queries. The
   * permission filter applies to the tenant column.
   */
  async sumsOverTime(query: {
    from: string;
    watermark?: string;
    by: 'hour' | 'status_class' | 'app' | 'plugin';
    plugin?: string;
    filter?: PermissionCriteria<ColumnFilter>;
  }): Promise<Array<{ key: string; sums: TimeSums }>> {
    const split =
      query.watermark && query.watermark > query.from
        ? query.watermark
        : query.from;
    const read = async (
      table: 'request_metrics' | 'request_metrics_hourly',
      timeColumn: 'minute' | 'hour',
      from: string,
      to?: string,
    ) => {
      const key =
        query.by === 'hour' ? `substr(${timeColumn}, 1, 13)` : query.by;
      const builder = this.db(table)
        .where(timeColumn, '>=', from)
        .select(this.db.raw(`${key} AS group_key`))
        .sum({ count: 'count', duration_sum_ms: 'duration_sum_ms' })
        .select(
          this.db.raw(
            `SUM(CASE WHEN status_class = '5xx' THEN count ELSE 0 END) AS server_errors`,
          ),
          this.db.raw(
            `SUM(CASE WHEN status_class = '4xx' THEN count ELSE 0 END) AS client_errors`,
          ),
          this.db.raw(
            `SUM(CASE WHEN status_class = '429' THEN count ELSE 0 END) AS rate_limited`,
          ),
        )
        .groupByRaw(key);
      for (const column of BUCKET_COLUMNS) builder.sum({ [column]: column });
      if (to) builder.where(timeColumn, '<', to);
      if (query.plugin) builder.where('plugin', query.plugin);
      if (query.filter) applyPermissionFilter(builder, query.filter);
      const rows: Record<string, string | number | null>[] = await builder;
      return rows.map(row => ({
        key: String(row.group_key ?? ''),
        sums: {
          requests: Number(row.count ?? 0),
          serverErrors: Number(row.server_errors ?? 0),
          clientErrors: Number(row.client_errors ?? 0),
          rateLimited: Number(row.rate_limited ?? 0),
          durationSumMs: Number(row.duration_sum_ms ?? 0),
          buckets: BUCKET_COLUMNS.map(column => Number(row[column] ?? 0)),
        },
      }));
    };
    const [hourly, minutes] = await Promise.all([
      split > query.from
        ? read('request_metrics_hourly', 'hour', query.from, split)
        : Promise.resolve([]),
      read('request_metrics', 'minute', split),
    ]);
    const merged = new Map<string, TimeSums>();
    for (const { key, sums } of [...hourly, ...minutes]) {
      const kept = merged.get(key);
      merged.set(key, kept ? addSums(kept, sums) : sums);
    }
    return [...merged.entries()]
      .map(([key, sums]) => ({ key, sums }))
      .sort((a, b) => a.key.localeCompare(b.key));
  }

  /** Deletes the hours before `before`; answers how many rows went. */
  async purgeHours(before: string): Promise<number> {
    return this.db('request_metrics_hourly')
      .where('hour', '<', before)
      .delete();
  }

  /**
   * Sums per group since `from` (one grouped query), busiest first; the
   * permission filter applies to the tenant column.
   */
  async sums(query: {
    from: string;
    by: MetricsGrouping;
    plugin?: string;
    filter?: PermissionCriteria<ColumnFilter>;
    limit: number;
  }): Promise<MetricsSums[]> {
    const groupColumns =
      query.by === 'plugin' ? ['plugin'] : ['plugin', query.by];
    const builder = this.db('request_metrics')
      .where('minute', '>=', query.from)
      .select(groupColumns)
      .sum({ requests: 'count' })
      .select(
        this.db.raw(
          `SUM(CASE WHEN status_class = '5xx' THEN count ELSE 0 END) AS errors`,
        ),
      )
      .groupBy(groupColumns)
      .orderBy([{ column: 'requests', order: 'desc' }, ...groupColumns])
      .limit(query.limit);
    for (const column of BUCKET_COLUMNS) {
      builder.sum({ [column]: column });
    }
    if (query.plugin) builder.where('plugin', query.plugin);
    if (query.filter) applyPermissionFilter(builder, query.filter);
    const rows: Record<string, string | number | null>[] = await builder;
    // PostgreSQL answers sums of bigint as strings.
    return rows.map(row => ({
      plugin: String(row.plugin),
      ...(query.by !== 'plugin' ? { [query.by]: String(row[query.by]) } : {}),
      requests: Number(row.requests ?? 0),
      errors: Number(row.errors ?? 0),
      buckets: BUCKET_COLUMNS.map(column => Number(row[column] ?? 0)),
    }));
  }

  /** Deletes the minutes before `before`; answers how many rows went. */
  async purge(before: string): Promise<number> {
    return this.db('request_metrics').where('minute', '<', before).delete();
  }
}

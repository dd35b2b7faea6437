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

/** Request metrics per minute, added up over instances. */
export class RequestMetricsStore extends KnexStore {
  /** Adds rollups to the stored rows (insert, or add on conflict). */
  async add(rollups: RequestRollup[]): Promise<void> {
    if (rollups.length === 0) return;
    const added = (column: string) =>
      this.db.raw('?? + ??', [
        `request_metrics.${column}`,
        `excluded.${column}`,
      ]);
    const merge = Object.fromEntries(
      ['count', 'duration_sum_ms', ...BUCKET_COLUMNS].map(column => [
        column,
        added(column),
      ]),
    );
    const rows = rollups.map(rollup => ({
      minute: rollup.minute,
      plugin: rollup.plugin,
      route: rollup.route.slice(0, 300),
      status_class: rollup.statusClass,
      tenant: rollup.tenant,
      app: rollup.app.slice(0, 255),
      count: rollup.count,
      duration_sum_ms: rollup.durationSumMs,
      ...Object.fromEntries(
        BUCKET_COLUMNS.map((column, index) => [
          column,
          rollup.buckets[index] ?? 0,
        ]),
      ),
    }));
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      await this.db('request_metrics')
        .insert(rows.slice(start, start + ROWS_PER_INSERT))
        .onConflict([
          'minute',
          'plugin',
          'route',
          'status_class',
          'tenant',
          'app',
        ])
        .merge(merge);
    }
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

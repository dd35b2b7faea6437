import { KnexStore } from '@controlplane/backend-common';
import { DbTime, toIso } from './rows';

/** Evaluations of one flag by one app for one tenant in one hour. */
export interface EvaluationCount {
  hour: string;
  flagKey: string;
  tenant: string;
  app: string;
  count: number;
}

/** All SQL of the evaluation metrics. */
export class MetricsStore extends KnexStore {
  /**
   * Adds counts: one multi-row upsert per 500 counts, adding to what other
   * instances flushed into the same hour.
   */
  async add(counts: EvaluationCount[]): Promise<void> {
    for (let i = 0; i < counts.length; i += 500) {
      await this.db('flag_evaluations')
        .insert(
          counts.slice(i, i + 500).map(count => ({
            hour: count.hour,
            flag_key: count.flagKey,
            tenant: count.tenant,
            app: count.app,
            count: count.count,
          })),
        )
        .onConflict(['flag_key', 'hour', 'tenant', 'app'])
        .merge({
          count: this.db.raw('?? + excluded.??', [
            'flag_evaluations.count',
            'count',
          ]),
        });
    }
  }

  /** The counts of a flag since `from`, newest hour first. */
  async ofFlag(
    flagKey: string,
    from: string,
    limit: number,
  ): Promise<EvaluationCount[]> {
    const rows: Array<{
      hour: DbTime;
      flag_key: string;
      tenant: string;
      app: string;
      count: number | string;
    }> = await this.db('flag_evaluations')
      .where({ flag_key: flagKey })
      .where('hour', '>=', from)
      .orderBy('hour', 'desc')
      .orderBy(['tenant', 'app'])
      .limit(limit);
    return rows.map(row => ({
      hour: toIso(row.hour),
      flagKey: row.flag_key,
      tenant: row.tenant,
      app: row.app,
      count: Number(row.count),
    }));
  }
}

import knexFactory, { Knex } from 'knex';

/** A connection to one plugin's database of a cluster, for checks. */
export function pluginDatabase(serverUrl: string, pluginId: string): Knex {
  return knexFactory({
    client: 'pg',
    connection: `${serverUrl}/backstage_plugin_${pluginId}`,
    pool: { min: 0, max: 2 },
    // The tests stop and restart PostgreSQL on purpose: an idle pooled
    // connection then ends, which knex would print. A failed check still
    // fails as its query's error.
    log: { warn() {}, error() {}, deprecate() {}, debug() {} },
  });
}

/** How often each event id of `source` is stored in the audit trail. */
export async function storedEventCounts(
  audit: Knex,
  eventIds: string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let i = 0; i < eventIds.length; i += 1000) {
    const rows: Array<{ event_id: string; count: string | number }> =
      await audit('audit_events')
        .select('event_id')
        .count({ count: '*' })
        .whereIn('event_id', eventIds.slice(i, i + 1000))
        .groupBy('event_id');
    for (const row of rows) {
      counts.set(String(row.event_id), Number(row.count));
    }
  }
  return counts;
}

/**
 * Checks the audit chain as stored: seq without gaps from the first
 * record, each record's prev_hash the hash of the one before. Returns the
 * number of records; throws naming the first fork or gap.
 */
export async function assertLinearChain(audit: Knex): Promise<number> {
  const rows: Array<{ seq: string | number; prev_hash: string; hash: string }> =
    await audit('audit_events')
      .select('seq', 'prev_hash', 'hash')
      .orderBy('seq');
  for (let i = 1; i < rows.length; i++) {
    const [before, row] = [rows[i - 1], rows[i]];
    if (Number(row.seq) !== Number(before.seq) + 1) {
      throw new Error(`Gap in the audit chain after seq ${before.seq}`);
    }
    if (row.prev_hash !== before.hash) {
      throw new Error(`Audit chain forks at seq ${row.seq}`);
    }
  }
  return rows.length;
}

import { KnexStore } from '@controlplane/backend-common';

/** One usage row to add (counts are added to what is stored). */
export interface UsageIncrement {
  credential_id: string;
  hour: string;
  endpoint: string;
  successful: number;
  failed: number;
  rate_limited: number;
}

/** The counts of one credential, hour and endpoint. */
export interface UsageCounts {
  successful: number;
  failed: number;
  rate_limited: number;
}

/** A stored usage row as read back. */
export interface UsageRow extends UsageCounts {
  /** The hour, ISO 8601 UTC. */
  hour: string;
  endpoint: string;
}

/** A credential's failed and rate-limited calls in one hour. */
export interface HourTotals {
  credentialId: string;
  /** ISO 8601 UTC. */
  hour: string;
  failed: number;
  rateLimited: number;
}

interface StoredUsageRow {
  hour: Date | string;
  endpoint: string;
  successful: number | string | null;
  failed: number | string | null;
  rate_limited: number | string | null;
}

/** Requests per credential, hour and endpoint, as the verifiers report them. */
export class UsageStore extends KnexStore {
  /**
   * Adds counts to the stored ones (insert or add on conflict). The rows
   * must be unique by (credential_id, hour, endpoint).
   */
  async addUsage(rows: UsageIncrement[]): Promise<void> {
    if (rows.length === 0) return;
    const added = (column: string) =>
      this.db.raw('?? + ??', [
        `app_credential_usage.${column}`,
        `excluded.${column}`,
      ]);
    for (let start = 0; start < rows.length; start += 500) {
      await this.db('app_credential_usage')
        .insert(rows.slice(start, start + 500))
        .onConflict(['credential_id', 'hour', 'endpoint'])
        .merge({
          successful: added('successful'),
          failed: added('failed'),
          rate_limited: added('rate_limited'),
        });
    }
  }

  /**
   * The usage rows of a credential since `from`: one per hour and endpoint
   * (the table's key), read in one query so totals, days and endpoints of
   * an answer agree with each other.
   */
  async usageRows(credentialId: string, from: string): Promise<UsageRow[]> {
    const rows: StoredUsageRow[] = await this.db('app_credential_usage')
      .where('credential_id', credentialId)
      .andWhere('hour', '>=', from)
      .select('hour', 'endpoint', 'successful', 'failed', 'rate_limited');
    // PostgreSQL answers bigint columns as strings.
    return rows.map(row => ({
      hour: new Date(row.hour).toISOString(),
      endpoint: row.endpoint,
      successful: Number(row.successful ?? 0),
      failed: Number(row.failed ?? 0),
      rate_limited: Number(row.rate_limited ?? 0),
    }));
  }

  /**
   * Failed and rate-limited calls per credential in each of `hours`, over
   * all endpoints: one grouped query, only pairs with a count.
   */
  async hourTotals(
    credentialIds: string[],
    hours: string[],
  ): Promise<HourTotals[]> {
    if (credentialIds.length === 0 || hours.length === 0) return [];
    const rows: {
      credential_id: string;
      hour: Date | string;
      failed: number | string | null;
      rate_limited: number | string | null;
    }[] = await this.db('app_credential_usage')
      .whereIn('credential_id', credentialIds)
      .whereIn('hour', hours)
      .groupBy('credential_id', 'hour')
      .select('credential_id', 'hour')
      .sum({ failed: 'failed', rate_limited: 'rate_limited' });
    return rows.map(row => ({
      credentialId: row.credential_id,
      hour: new Date(row.hour).toISOString(),
      failed: Number(row.failed ?? 0),
      rateLimited: Number(row.rate_limited ?? 0),
    }));
  }
}

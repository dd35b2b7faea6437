import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { ColumnFilter, KnexStore } from '@controlplane/backend-common';
import { applyAppFilter } from './appFilter';

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

/** The calls attributed to one tenant: those of the credentials of every app serving it. */
export interface TenantUsageTotals {
  tenant: string;
  /** Calls since `from24h`: successful, failed and rate limited. */
  requests24h: number;
  /** Failed calls since `from24h` (rate-limited ones not included). */
  failed24h: number;
  rateLimited24h: number;
  /** Failed calls since `from7d`. */
  failed7d: number;
  /** Credentials with a failed call since `from7d`. */
  failingCredentials7d: number;
  /** The newest hour with a failed call since `since`, ISO 8601 UTC. */
  lastFailureAt: string | null;
}

/** Calls of every credential, each counted once. */
export interface UsageTotals {
  requests: number;
  failed: number;
  rateLimited: number;
}

/** One credential's failed calls since a time, with its app. */
export interface CredentialFailureRow {
  appId: string;
  appName: string;
  appTitle: string | null;
  credentialId: string;
  credentialName: string;
  failed: number;
  rateLimited: number;
  /** The most failed calls in one hour. */
  peakHourFailed: number;
  /** The newest hour with a failed call, ISO 8601 UTC. */
  lastFailureAt: string;
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

  /**
   * Per tenant, the calls of the credentials of the apps serving it (a
   * credential's calls count for every tenant its app serves), over the
   * windows the platform summary reports, in one statement whatever the
   * number of tenants: the sums of the last 7 days per credential (a range
   * of the hour index), each credential's last failure since `since` (the
   * partial index of failed hours), then both per tenant. Only tenants with
   * a call since `from7d` or a failure since `since` are answered (the
   * others' figures are all zero).
   */
  async tenantTotals(windows: {
    from24h: string;
    from7d: string;
    since: string;
  }): Promise<TenantUsageTotals[]> {
    const { from24h, from7d, since } = windows;
    const result = await this.db.raw(
      `WITH recent AS (
         SELECT credential_id,
                sum(CASE WHEN hour >= ? THEN successful + failed + rate_limited ELSE 0 END) AS requests_24h,
                sum(CASE WHEN hour >= ? THEN failed ELSE 0 END) AS failed_24h,
                sum(CASE WHEN hour >= ? THEN rate_limited ELSE 0 END) AS rate_limited_24h,
                sum(failed) AS failed_7d
         FROM app_credential_usage
         WHERE hour >= ?
         GROUP BY credential_id
       ), failures AS (
         SELECT credential_id, max(hour) AS last_failure_at
         FROM app_credential_usage
         WHERE failed > 0 AND hour >= ?
         GROUP BY credential_id
       )
       SELECT t.tenant,
              sum(r.requests_24h) AS requests_24h,
              sum(r.failed_24h) AS failed_24h,
              sum(r.rate_limited_24h) AS rate_limited_24h,
              sum(r.failed_7d) AS failed_7d,
              count(CASE WHEN r.failed_7d > 0 THEN 1 END) AS failing_credentials_7d,
              max(f.last_failure_at) AS last_failure_at
       FROM app_tenants t
       JOIN app_credentials c ON c.app_id = t.app_id
       LEFT JOIN recent r ON r.credential_id = c.id
       LEFT JOIN failures f ON f.credential_id = c.id
       WHERE r.credential_id IS NOT NULL OR f.credential_id IS NOT NULL
       GROUP BY t.tenant`,
      [from24h, from24h, from24h, from7d, since],
    );
    const rows: {
      tenant: string;
      requests_24h: number | string | null;
      failed_24h: number | string | null;
      rate_limited_24h: number | string | null;
      failed_7d: number | string | null;
      failing_credentials_7d: number | string | null;
      last_failure_at: Date | string | null;
    }[] = this.isPostgres ? result.rows : result;
    // PostgreSQL answers sums and counts as strings.
    return rows.map(row => ({
      tenant: row.tenant,
      requests24h: Number(row.requests_24h ?? 0),
      failed24h: Number(row.failed_24h ?? 0),
      rateLimited24h: Number(row.rate_limited_24h ?? 0),
      failed7d: Number(row.failed_7d ?? 0),
      failingCredentials7d: Number(row.failing_credentials_7d ?? 0),
      lastFailureAt: row.last_failure_at
        ? new Date(row.last_failure_at).toISOString()
        : null,
    }));
  }

  /**
   * Every credential with a failed call since the hour `from` (ISO), of the
   * apps `filter` lets through: its failed and rate-limited calls, the most
   * failed in one hour (what the alarm looks at) and the newest hour with a
   * failure. One statement over a range of the hour index.
   */
  async failuresSince(
    from: string,
    filter?: PermissionCriteria<ColumnFilter>,
  ): Promise<CredentialFailureRow[]> {
    // Per credential and hour first: the alarm counts an hour over every
    // endpoint.
    const hourly = this.db('app_credential_usage')
      .where('hour', '>=', from)
      .groupBy('credential_id', 'hour')
      .select('credential_id', 'hour')
      .sum({ failed: 'failed', rate_limited: 'rate_limited' })
      .as('h');
    let builder = this.db
      .from(hourly)
      .join('app_credentials', 'app_credentials.id', 'h.credential_id')
      .join('apps', 'apps.id', 'app_credentials.app_id')
      .groupBy(
        'app_credentials.id',
        'app_credentials.name',
        'app_credentials.app_id',
        'apps.name',
        'apps.title',
      )
      .select(
        'app_credentials.app_id as app_id',
        'apps.name as app_name',
        'apps.title as app_title',
        'app_credentials.id as credential_id',
        'app_credentials.name as credential_name',
        this.db.raw('sum(h.failed) as failed'),
        this.db.raw('sum(h.rate_limited) as rate_limited'),
        this.db.raw('max(h.failed) as peak_hour_failed'),
        this.db.raw(
          'max(CASE WHEN h.failed > 0 THEN h.hour END) as last_failure_at',
        ),
      )
      .havingRaw('sum(h.failed) > 0');
    if (filter) builder = applyAppFilter(builder, filter);
    const rows: {
      app_id: string;
      app_name: string;
      app_title: string | null;
      credential_id: string;
      credential_name: string;
      failed: number | string;
      rate_limited: number | string | null;
      peak_hour_failed: number | string;
      last_failure_at: Date | string;
    }[] = await builder;
    // PostgreSQL answers sums as strings.
    return rows.map(row => ({
      appId: row.app_id,
      appName: row.app_name,
      appTitle: row.app_title,
      credentialId: row.credential_id,
      credentialName: row.credential_name,
      failed: Number(row.failed),
      rateLimited: Number(row.rate_limited ?? 0),
      peakHourFailed: Number(row.peak_hour_failed),
      lastFailureAt: new Date(row.last_failure_at).toISOString(),
    }));
  }

  /** The calls of every credential since `from`, each counted once. */
  async totalsSince(from: string): Promise<UsageTotals> {
    const [row]: {
      requests: number | string | null;
      failed: number | string | null;
      rate_limited: number | string | null;
    }[] = await this.db('app_credential_usage')
      .where('hour', '>=', from)
      .select(
        this.db.raw('sum(successful + failed + rate_limited) as requests'),
        this.db.raw('sum(failed) as failed'),
        this.db.raw('sum(rate_limited) as rate_limited'),
      );
    return {
      requests: Number(row?.requests ?? 0),
      failed: Number(row?.failed ?? 0),
      rateLimited: Number(row?.rate_limited ?? 0),
    };
  }
}

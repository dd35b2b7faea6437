import { InputError } from '@backstage/errors';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { ColumnFilter } from '@controlplane/backend-common';
import {
  AppCredential,
  CredentialFailures,
  CredentialUsage,
  USAGE_PERIOD_DAYS,
  UsagePeriod,
  UsageReport,
} from '@controlplane/plugin-apps-common';
import { AppsStores } from '../database/stores';
import { UsageCounts, UsageIncrement } from '../database/UsageStore';

export interface UsageServiceOptions {
  stores: AppsStores;
  now: () => Date;
}

const MAX_ENDPOINT_LENGTH = 255;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** The worst credentials listed per app in the failures. */
const WORST_CREDENTIALS = 5;

const zero = (): UsageCounts => ({ successful: 0, failed: 0, rate_limited: 0 });
const totalOf = (c: UsageCounts) => c.successful + c.failed + c.rate_limited;

/**
 * Usage of credentials: the verifiers' reports in (counts per credential,
 * hour and endpoint), one credential's usage over a period out.
 */
export class UsageService {
  readonly #stores: AppsStores;
  readonly #now: () => Date;

  constructor(options: UsageServiceOptions) {
    this.#stores = options.stores;
    this.#now = options.now;
  }

  /**
   * The apps whose credentials failed in the last `hours` whole usage hours
   * (from the start of the hour that many hours ago), most failures first,
   * at most `limit`, of the apps `filter` lets through. `alarmThreshold`
   * is the failed calls of one credential in one hour that raise an alarm
   * (CredentialAlarms): `alarmed` says whether an app's credential reached
   * it in the window.
   */
  async failures(options: {
    hours: number;
    limit: number;
    alarmThreshold: number;
    filter?: PermissionCriteria<ColumnFilter>;
  }): Promise<CredentialFailures> {
    const start = new Date(this.#now().getTime() - options.hours * HOUR_MS);
    start.setUTCMinutes(0, 0, 0);
    const from = start.toISOString();
    const rows = await this.#stores.usage.failuresSince(from, options.filter);
    const byApp = new Map<string, typeof rows>();
    for (const row of rows) {
      byApp.set(row.appId, [...(byApp.get(row.appId) ?? []), row]);
    }
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const apps = [...byApp.values()]
      .map(credentials => {
        const [first] = credentials;
        const peak = Math.max(...credentials.map(c => c.peakHourFailed));
        return {
          appId: first.appId,
          appName: first.appName,
          ...(first.appTitle ? { appTitle: first.appTitle } : {}),
          failed: sum(credentials.map(c => c.failed)),
          rateLimited: sum(credentials.map(c => c.rateLimited)),
          failingCredentials: credentials.length,
          lastFailureAt: credentials
            .map(c => c.lastFailureAt)
            .reduce((a, b) => (a > b ? a : b)),
          peakHourFailed: peak,
          alarmed: peak >= options.alarmThreshold,
          credentials: [...credentials]
            .sort(
              (a, b) =>
                b.failed - a.failed ||
                a.credentialName.localeCompare(b.credentialName),
            )
            .slice(0, WORST_CREDENTIALS)
            .map(c => ({
              id: c.credentialId,
              name: c.credentialName,
              failed: c.failed,
            })),
        };
      })
      .sort(
        (a, b) => b.failed - a.failed || a.appName.localeCompare(b.appName),
      );
    const listed = apps.slice(0, options.limit);
    const tenants = await this.#stores.apps.tenantsOf(listed.map(a => a.appId));
    return {
      from,
      hours: options.hours,
      alarmThreshold: options.alarmThreshold,
      items: listed.map(app => ({
        ...app,
        tenants: tenants.get(app.appId) ?? [],
      })),
      total: apps.length,
    };
  }

  /**
   * The usage of a credential over the last 7, 30 or 90 days, today
   * included: totals, by endpoint (most used first) and every day.
   */
  async usage(
    credential: AppCredential,
    period: UsagePeriod,
  ): Promise<CredentialUsage> {
    const days = USAGE_PERIOD_DAYS[period];
    if (!days) throw new InputError('period must be one of 7d, 30d, 90d');
    const now = this.#now();
    const today = Date.UTC(
      now.getUTCFullYear(),
      now.getUTCMonth(),
      now.getUTCDate(),
    );
    const from = new Date(today - (days - 1) * DAY_MS).toISOString();
    const rows = await this.#stores.usage.usageRows(credential.id, from);

    const byDay = new Map<string, UsageCounts>();
    for (let i = 0; i < days; i++) {
      const day = new Date(today - (days - 1 - i) * DAY_MS)
        .toISOString()
        .slice(0, 10);
      byDay.set(day, zero());
    }
    const byEndpoint = new Map<string, number>();
    for (const row of rows) {
      byEndpoint.set(
        row.endpoint,
        (byEndpoint.get(row.endpoint) ?? 0) + totalOf(row),
      );
      const day = byDay.get(row.hour.slice(0, 10));
      if (!day) continue;
      day.successful += row.successful;
      day.failed += row.failed;
      day.rate_limited += row.rate_limited;
    }
    const totals = zero();
    for (const day of byDay.values()) {
      totals.successful += day.successful;
      totals.failed += day.failed;
      totals.rate_limited += day.rate_limited;
    }
    // Reports count each request once: successful, failed or rate limited.
    // As in seed 000, failed_requests includes the rate-limited ones.
    return {
      key_id: credential.id,
      period,
      usage: {
        total_requests: totalOf(totals),
        successful_requests: totals.successful,
        failed_requests: totals.failed + totals.rate_limited,
        rate_limited: totals.rate_limited,
      },
      by_endpoint: [...byEndpoint.entries()]
        .map(([endpoint, count]) => ({ endpoint, count }))
        .sort(
          (a, b) => b.count - a.count || a.endpoint.localeCompare(b.endpoint),
        ),
      by_day: [...byDay.entries()].map(([day, c]) => ({
        day,
        total: totalOf(c),
        successful: c.successful,
        failed: c.failed + c.rate_limited,
        rate_limited: c.rate_limited,
      })),
      ...(credential.lastUsedAt ? { last_used_at: credential.lastUsedAt } : {}),
    };
  }

  /**
   * Adds a verifier's counts: per credential, hour and endpoint, summed in
   * SQL; last_used_at only moves forward. Unknown credentials are skipped.
   * Resolves the known credentials and the hours their counts went to.
   */
  async recordUsage(
    report: UsageReport,
  ): Promise<{ credentialIds: string[]; hours: string[] }> {
    const hours = new Set<string>();
    const merged = new Map<string, UsageIncrement>();
    const lastUsed = new Map<string, string>();
    for (const entry of report.entries) {
      const hour = new Date(entry.hour);
      const used = new Date(entry.lastUsedAt);
      if (Number.isNaN(hour.getTime()) || Number.isNaN(used.getTime())) {
        throw new InputError('hour and lastUsedAt must be ISO 8601 times');
      }
      hour.setUTCMinutes(0, 0, 0);
      const endpoint = entry.endpoint.slice(0, MAX_ENDPOINT_LENGTH);
      const key = `${
        entry.credentialId
      }\u0000${hour.toISOString()}\u0000${endpoint}`;
      const row = merged.get(key) ?? {
        credential_id: entry.credentialId,
        hour: hour.toISOString(),
        endpoint,
        ...zero(),
      };
      hours.add(row.hour);
      row.successful += entry.successful;
      row.failed += entry.failed;
      row.rate_limited += entry.rateLimited;
      merged.set(key, row);
      const usedIso = used.toISOString();
      const previous = lastUsed.get(entry.credentialId);
      if (!previous || previous < usedIso) {
        lastUsed.set(entry.credentialId, usedIso);
      }
    }
    return this.#stores.transaction(async tx => {
      const known = await tx.credentials.existingIds([...lastUsed.keys()]);
      await tx.usage.addUsage(
        [...merged.values()].filter(row => known.has(row.credential_id)),
      );
      for (const [credentialId, at] of lastUsed) {
        if (known.has(credentialId)) {
          await tx.credentials.touchLastUsed(credentialId, at);
        }
      }
      return { credentialIds: [...known], hours: [...hours] };
    });
  }
}

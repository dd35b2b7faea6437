import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { UsageEntry, UsageReport } from '@controlplane/plugin-apps-common';

export type UsageOutcome = 'successful' | 'failed' | 'rateLimited';

export interface UsageRecorderOptions {
  discovery: DiscoveryService;
  auth: AuthService;
  logger: LoggerService;
  /** Keep at most this many (credential, hour, endpoint) counts (default 10,000). */
  maxEntries?: number;
  /** The clock, for tests. */
  now?: () => number;
}

const REQUEST_TIMEOUT_MS = 10_000;

function startOfHour(time: number): string {
  const date = new Date(time);
  date.setUTCMinutes(0, 0, 0);
  return date.toISOString();
}

/**
 * Counts app calls per credential, hour and endpoint in memory and sends the
 * counts to the apps plugin (`POST /api/apps/usage`). Counts that could not
 * be sent are kept for the next flush, up to `maxEntries`.
 */
export class UsageRecorder {
  private readonly options: UsageRecorderOptions;
  private readonly now: () => number;
  private readonly maxEntries: number;
  private entries = new Map<string, UsageEntry>();
  private dropped = 0;
  private inFlight?: Promise<void>;

  constructor(options: UsageRecorderOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  /** Counts one call; `endpoint` is `METHOD /api/<plugin>/<route>`. */
  record(credentialId: string, endpoint: string, outcome: UsageOutcome): void {
    const now = this.now();
    const hour = startOfHour(now);
    const key = `${credentialId}\u0000${hour}\u0000${endpoint}`;
    let entry = this.entries.get(key);
    if (!entry) {
      if (this.entries.size >= this.maxEntries) {
        this.dropped += 1;
        return;
      }
      entry = {
        credentialId,
        hour,
        endpoint,
        successful: 0,
        failed: 0,
        rateLimited: 0,
        lastUsedAt: new Date(now).toISOString(),
      };
      this.entries.set(key, entry);
    }
    entry[outcome] += 1;
    entry.lastUsedAt = new Date(now).toISOString();
  }

  /** The counts not sent yet. */
  pending(): UsageEntry[] {
    return [...this.entries.values()].map(entry => ({ ...entry }));
  }

  /** Sends the counts; on failure keeps them for the next flush. Never throws. */
  flush(): Promise<void> {
    this.inFlight ??= this.send().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async send(): Promise<void> {
    if (this.dropped > 0) {
      this.options.logger.warn(
        `Dropped usage counts of ${this.dropped} app calls: more than ${this.maxEntries} unsent credential/hour/endpoint counts`,
      );
      this.dropped = 0;
    }
    if (this.entries.size === 0) return;
    const batch = this.entries;
    this.entries = new Map();
    try {
      const response = await this.post({ entries: [...batch.values()] });
      if (!response.ok) {
        throw new Error(
          `POST /usage answered ${response.status} ${response.statusText}`,
        );
      }
    } catch (error) {
      this.restore(batch);
      this.options.logger.warn(
        `Could not send app usage counts to the apps plugin, keeping ${this.entries.size} for the next try: ${error}`,
      );
    }
  }

  /** Puts unsent counts back, merged with those counted meanwhile. */
  private restore(batch: Map<string, UsageEntry>) {
    const merged = batch;
    for (const [key, entry] of this.entries) {
      const earlier = merged.get(key);
      if (earlier) {
        earlier.successful += entry.successful;
        earlier.failed += entry.failed;
        earlier.rateLimited += entry.rateLimited;
        earlier.lastUsedAt = entry.lastUsedAt;
      } else {
        merged.set(key, entry);
      }
    }
    if (merged.size > this.maxEntries) {
      // Keep the newest hours: drop from the oldest.
      const keys = [...merged.entries()]
        .sort(([, a], [, b]) => a.hour.localeCompare(b.hour))
        .slice(0, merged.size - this.maxEntries)
        .map(([key]) => key);
      for (const key of keys) merged.delete(key);
      this.options.logger.warn(
        `Dropped ${keys.length} unsent app usage counts: more than ${this.maxEntries} are waiting`,
      );
    }
    this.entries = merged;
  }

  private async post(report: UsageReport): Promise<Response> {
    const { discovery, auth } = this.options;
    const baseUrl = await discovery.getBaseUrl('apps');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'apps',
    });
    return fetch(`${baseUrl}/usage`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(report),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  }
}

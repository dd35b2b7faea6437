import { LoggerService } from '@backstage/backend-plugin-api';
import { EvaluationCount } from '../database/MetricsStore';
import { FlagsStores } from '../database/stores';

/** The start of the hour of `date`, ISO 8601. */
function hourOf(date: Date): string {
  const hour = new Date(date);
  hour.setUTCMinutes(0, 0, 0);
  return hour.toISOString();
}

/**
 * Which apps evaluated which flags for which tenants, per hour: counted in
 * memory on the request path and added to the database every flush (and at
 * shutdown), like app usage, so serving a flag costs no write.
 */
export class EvaluationMetrics {
  #pending = new Map<string, EvaluationCount>();
  #timer?: NodeJS.Timeout;

  constructor(
    private readonly options: {
      stores: FlagsStores;
      logger: LoggerService;
      flushIntervalMs: number;
      now?: () => Date;
    },
  ) {}

  /** Counts one evaluation of each key by the app for the tenant. */
  record(app: string, tenant: string, keys: Iterable<string>): void {
    const hour = hourOf(this.options.now?.() ?? new Date());
    for (const flagKey of keys) {
      const id = `${hour}|${flagKey}|${tenant}|${app}`;
      const pending = this.#pending.get(id);
      if (pending) pending.count += 1;
      else this.#pending.set(id, { hour, flagKey, tenant, app, count: 1 });
    }
  }

  /** Adds what was counted since the last flush; kept for the next one on failure. */
  async flush(): Promise<void> {
    if (this.#pending.size === 0) return;
    const counts = [...this.#pending.values()];
    this.#pending = new Map();
    try {
      await this.options.stores.metrics.add(counts);
    } catch (error) {
      for (const count of counts) {
        const id = `${count.hour}|${count.flagKey}|${count.tenant}|${count.app}`;
        const pending = this.#pending.get(id);
        if (pending) pending.count += count.count;
        else this.#pending.set(id, count);
      }
      this.options.logger.warn(
        `Could not store flag evaluation counts: ${error}`,
      );
    }
  }

  start(): void {
    this.#timer = setInterval(() => {
      void this.flush();
    }, this.options.flushIntervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}

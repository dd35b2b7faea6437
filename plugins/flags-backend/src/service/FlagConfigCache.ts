import { LoggerService } from '@backstage/backend-plugin-api';
import { FlagsStores } from '../database/stores';
import { FlagSnapshot } from './FlagSnapshot';

export interface FlagConfigCacheOptions {
  stores: FlagsStores;
  logger: LoggerService;
  /** How often the revision is checked when no change event arrives. */
  pollIntervalMs: number;
}

/**
 * Each instance's in-memory {@link FlagSnapshot}. It reloads when the
 * configuration revision in the database moves: at once when a change event
 * arrives (`refresh()`), else at the next poll, so an instance that missed
 * an event is late by one interval at most. Listeners hear of every new
 * snapshot (the change stream).
 */
export class FlagConfigCache {
  readonly #options: FlagConfigCacheOptions;
  #snapshot?: FlagSnapshot;
  #loading?: Promise<FlagSnapshot>;
  #timer?: NodeJS.Timeout;
  readonly #listeners = new Set<(snapshot: FlagSnapshot) => void>();

  constructor(options: FlagConfigCacheOptions) {
    this.#options = options;
  }

  /** The current snapshot (loaded on first use). */
  async current(): Promise<FlagSnapshot> {
    return this.#snapshot ?? this.refresh();
  }

  /**
   * Reads the revision and reloads when it moved; concurrent calls share one
   * read. Answers the snapshot now current.
   */
  refresh(): Promise<FlagSnapshot> {
    if (!this.#loading) {
      this.#loading = this.load().finally(() => {
        this.#loading = undefined;
      });
    }
    return this.#loading;
  }

  onSnapshot(listener: (snapshot: FlagSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    this.#timer = setInterval(() => {
      this.refresh().catch(error =>
        this.#options.logger.warn(
          `Could not refresh the flag configuration: ${error}`,
        ),
      );
    }, this.#options.pollIntervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  private async load(): Promise<FlagSnapshot> {
    const { stores } = this.#options;
    const revision = await stores.flags.configRevision();
    if (this.#snapshot && this.#snapshot.revision === revision) {
      return this.#snapshot;
    }
    // One consistent read of everything at one revision.
    const snapshot = await stores.transaction(
      async trx => {
        // One after the other: a transaction is one connection.
        const current = await trx.flags.configRevision();
        const flags = await trx.flags.allServed();
        const values = await trx.flags.allServedValues();
        const tenants = await trx.tenants.all();
        return new FlagSnapshot(current, flags, values, tenants);
      },
      stores.flags.isPostgres
        ? { isolationLevel: 'repeatable read' }
        : undefined,
    );
    if (!this.#snapshot || snapshot.revision > this.#snapshot.revision) {
      this.#snapshot = snapshot;
      for (const listener of this.#listeners) listener(snapshot);
    }
    return this.#snapshot;
  }
}

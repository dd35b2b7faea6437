import { LoggerService } from '@backstage/backend-plugin-api';
import { RequestMetricsService } from '@controlplane/backend-common';
import { PlatformHealthStores } from '../database/stores';

/**
 * Moves this instance's request metrics into the database, where every
 * instance's counts add up (a minute flushed in several parts adds up the
 * same way). Runs on each instance, not as a scheduled task: each holds its
 * own counts; the last flush runs at shutdown. Counts that could not be
 * stored are put back and tried again with the next flush.
 */
export class MetricsFlusher {
  #inFlight?: Promise<void>;

  constructor(
    private readonly options: {
      metrics: RequestMetricsService;
      stores: PlatformHealthStores;
      logger: LoggerService;
    },
  ) {}

  /** Stores what was counted so far. Never throws. */
  flush(): Promise<void> {
    const previous = this.#inFlight ?? Promise.resolve();
    const next = previous.then(() => this.#flush());
    this.#inFlight = next;
    return next;
  }

  async #flush() {
    const { metrics, stores, logger } = this.options;
    const rollups = metrics.drain({ all: true });
    if (rollups.length === 0) return;
    try {
      // All or nothing, so a retry cannot count a row twice.
      await stores.transaction(tx => tx.requestMetrics.add(rollups));
    } catch (error) {
      logger.warn(
        `Could not store ${rollups.length} request metric rows, kept for the next flush: ${error}`,
      );
      metrics.restore(rollups);
    }
  }
}

import { LoggerService } from '@backstage/backend-plugin-api';
import { RequestMetricsService } from '@controlplane/backend-common';
import { PlatformHealthStores } from '../database/stores';

/**
 * Moves this instance's finished minutes of request metrics into the
 * database, where every instance's counts add up. Runs on each instance (not
 * a scheduled task: each holds its own counts); at shutdown it stores the
 * current minute too. Counts that could not be stored are put back and
 * tried again with the next flush.
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

  /** Stores what is finished (everything with `all`). Never throws. */
  flush(options: { all?: boolean } = {}): Promise<void> {
    const previous = this.#inFlight ?? Promise.resolve();
    const next = previous.then(() => this.#flush(options));
    this.#inFlight = next;
    return next;
  }

  async #flush(options: { all?: boolean }) {
    const { metrics, stores, logger } = this.options;
    const rollups = metrics.drain(options);
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

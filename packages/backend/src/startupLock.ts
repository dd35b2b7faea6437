import { Config } from '@backstage/config';
import { ConfigSources } from '@backstage/config-loader';
import knexFactory from 'knex';

/** The PostgreSQL advisory lock that instances take while they start. */
export const STARTUP_LOCK_NAME = 'controlplane-portal:startup';

const DEFAULT_WAIT_MS = 5 * 60_000;

/**
 * The backend's configuration, read from the same sources Backstage reads
 * it from (`--config` arguments, APP_CONFIG_ variables).
 */
export async function readStartupConfig(argv = process.argv): Promise<Config> {
  const config = await ConfigSources.toConfig(ConfigSources.default({ argv }));
  // Read once; Backstage loads and watches its own copy.
  config.close();
  return config;
}

/**
 * Backend instances that start together on a fresh or older PostgreSQL all
 * run the plugins' migrations at once, and knex fails the losers instead of
 * waiting ("relation already exists", "Migration table is already locked"):
 * a rollout of N instances crash-loops. This session-level advisory lock
 * makes them start one after the other; it is released when the backend
 * has started (or the process dies). Nothing to do on SQLite (one process).
 * Resolves to the function that releases the lock.
 */
export async function acquireStartupLock(
  config: Config,
  options: {
    /** Give up after waiting this long (default 5 minutes). */
    waitMs?: number;
    /** Told once when another instance holds the lock. */
    onWait?: (message: string) => void;
    /** Another lock than STARTUP_LOCK_NAME (tests). */
    lockName?: string;
  } = {},
): Promise<() => Promise<void>> {
  const database = config.getOptionalConfig('backend.database');
  if (database?.getOptionalString('client') !== 'pg') {
    return async () => {};
  }
  const lockName = options.lockName ?? STARTUP_LOCK_NAME;
  const knex = knexFactory({
    client: 'pg',
    connection: database.get('connection') as any,
    // One session: the lock belongs to it, and so does the unlock.
    pool: { min: 1, max: 1 },
  });
  try {
    const [{ locked }] = (
      await knex.raw('select pg_try_advisory_lock(hashtext(?)) as locked', [
        lockName,
      ])
    ).rows;
    if (!locked) {
      options.onWait?.(
        'Another backend instance is starting on this database; waiting for it to finish',
      );
      const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
      await knex.raw(`set lock_timeout = ${Math.floor(waitMs)}`);
      await knex.raw('select pg_advisory_lock(hashtext(?))', [lockName]);
      await knex.raw('set lock_timeout = 0');
    }
  } catch (error) {
    await knex.destroy();
    throw new Error(`Could not take the startup lock: ${error}`);
  }
  return async () => {
    try {
      await knex.raw('select pg_advisory_unlock(hashtext(?))', [lockName]);
    } finally {
      await knex.destroy();
    }
  };
}

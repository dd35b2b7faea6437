import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  bindStores,
  connectStores,
  Stores,
} from '@controlplane/backend-common';
import { Knex } from 'knex';
import { DatabaseStatsStore } from './DatabaseStatsStore';
import { RequestMetricsStore } from './RequestMetricsStore';

const migrationsDir = resolvePackagePath(
  '@controlplane/plugin-platform-health-backend',
  'migrations',
);

/** Runs the plugin's migrations (migrations/) on a knex client. */
export async function migratePlatformHealthDatabase(db: Knex): Promise<void> {
  await db.migrate.latest({ directory: migrationsDir });
}

/** The stores of the platform-health plugin. */
export interface PlatformHealthStoreSet {
  requestMetrics: RequestMetricsStore;
  databaseStats: DatabaseStatsStore;
}

/**
 * The plugin's stores with `transaction(s => ...)`, which hands the same
 * stores bound to one transaction.
 */
export type PlatformHealthStores = Stores<PlatformHealthStoreSet>;

const bind = (db: Knex): PlatformHealthStoreSet => ({
  requestMetrics: new RequestMetricsStore(db),
  databaseStats: new DatabaseStatsStore(db),
});

/** The stores on a migrated knex client (tests, scripts). */
export function bindPlatformHealthStores(db: Knex): PlatformHealthStores {
  return bindStores(db, bind);
}

/** Connects to the plugin's database, runs its migrations, binds the stores. */
export function connectPlatformHealthStores(
  database: DatabaseService,
): Promise<PlatformHealthStores> {
  return connectStores({
    database,
    migrate: migratePlatformHealthDatabase,
    bind,
  });
}

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
import { FlagsStore } from './FlagsStore';
import { MetricsStore } from './MetricsStore';
import { SchedulesStore } from './SchedulesStore';
import { TenantsStore } from './TenantsStore';

const migrationsDir = resolvePackagePath(
  '@controlplane/plugin-flags-backend',
  'migrations',
);

/** Runs the plugin's migrations (migrations/) on a knex client. */
export async function migrateFlagsDatabase(db: Knex): Promise<void> {
  await db.migrate.latest({ directory: migrationsDir });
}

/** The stores of the flags plugin. */
export interface FlagsStoreSet {
  flags: FlagsStore;
  tenants: TenantsStore;
  schedules: SchedulesStore;
  metrics: MetricsStore;
}

/**
 * The plugin's stores with `transaction(s => ...)`, which hands the same
 * stores bound to one transaction.
 */
export type FlagsStores = Stores<FlagsStoreSet>;

const bind = (db: Knex): FlagsStoreSet => ({
  flags: new FlagsStore(db),
  tenants: new TenantsStore(db),
  schedules: new SchedulesStore(db),
  metrics: new MetricsStore(db),
});

/** The stores on a migrated knex client (tests, scripts). */
export function bindFlagsStores(db: Knex): FlagsStores {
  return bindStores(db, bind);
}

/** Connects to the plugin's database, runs its migrations, binds the stores. */
export function connectFlagsStores(
  database: DatabaseService,
): Promise<FlagsStores> {
  return connectStores({ database, migrate: migrateFlagsDatabase, bind });
}

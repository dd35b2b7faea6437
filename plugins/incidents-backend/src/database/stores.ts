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
import { IncidentsStore } from './IncidentsStore';
import { MaintenanceStore } from './MaintenanceStore';

const migrationsDir = resolvePackagePath(
  '@controlplane/plugin-incidents-backend',
  'migrations',
);

/** Runs the plugin's migrations (migrations/) on a knex client. */
export async function migrateIncidentsDatabase(db: Knex): Promise<void> {
  await db.migrate.latest({ directory: migrationsDir });
}

/** The stores of the incidents plugin. */
export interface IncidentsStoreSet {
  incidents: IncidentsStore;
  maintenance: MaintenanceStore;
}

/**
 * The plugin's stores with `transaction(s => ...)`, which hands the same
 * stores bound to one transaction.
 */
export type IncidentsStores = Stores<IncidentsStoreSet>;

const bind = (db: Knex): IncidentsStoreSet => ({
  incidents: new IncidentsStore(db),
  maintenance: new MaintenanceStore(db),
});

/** The stores on a migrated knex client (tests, scripts). */
export function bindIncidentsStores(db: Knex): IncidentsStores {
  return bindStores(db, bind);
}

/** Connects to the plugin's database, runs its migrations, binds the stores. */
export function connectIncidentsStores(
  database: DatabaseService,
): Promise<IncidentsStores> {
  return connectStores({ database, migrate: migrateIncidentsDatabase, bind });
}

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
import { DeploymentsStore } from './DeploymentsStore';
import { GovernanceStore } from './GovernanceStore';
import { RequestsStore } from './RequestsStore';

const migrationsDir = resolvePackagePath(
  '@controlplane/plugin-promotions-backend',
  'migrations',
);

/** Runs the plugin's migrations (migrations/) on a knex client. */
export async function migratePromotionsDatabase(db: Knex): Promise<void> {
  await db.migrate.latest({ directory: migrationsDir });
}

/** The stores of the promotions plugin. */
export interface PromotionsStoreSet {
  deployments: DeploymentsStore;
  requests: RequestsStore;
  governance: GovernanceStore;
}

/**
 * The plugin's stores with `transaction(s => ...)`, which hands the same
 * stores bound to one transaction.
 */
export type PromotionsStores = Stores<PromotionsStoreSet>;

const bind = (db: Knex): PromotionsStoreSet => ({
  deployments: new DeploymentsStore(db),
  requests: new RequestsStore(db),
  governance: new GovernanceStore(db),
});

/** The stores on a migrated knex client (tests, scripts). */
export function bindPromotionsStores(db: Knex): PromotionsStores {
  return bindStores(db, bind);
}

/** Connects to the plugin's database, runs its migrations, binds the stores. */
export function connectPromotionsStores(
  database: DatabaseService,
): Promise<PromotionsStores> {
  return connectStores({ database, migrate: migratePromotionsDatabase, bind });
}

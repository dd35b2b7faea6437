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
import { AccountsStore } from './AccountsStore';
import { TenantsStore } from './TenantsStore';
import { UsageStore } from './UsageStore';

const migrationsDir = resolvePackagePath(
  '@controlplane/plugin-billing-backend',
  'migrations',
);

/** Runs the plugin's migrations (migrations/) on a knex client. */
export async function migrateBillingDatabase(db: Knex): Promise<void> {
  await db.migrate.latest({ directory: migrationsDir });
}

/** The stores of the billing plugin. */
export interface BillingStoreSet {
  usage: UsageStore;
  tenants: TenantsStore;
  accounts: AccountsStore;
}

export type BillingStores = Stores<BillingStoreSet>;

const bind = (db: Knex): BillingStoreSet => ({
  usage: new UsageStore(db),
  tenants: new TenantsStore(db),
  accounts: new AccountsStore(db),
});

/** The stores on a migrated knex client (tests, benchmarks). */
export function bindBillingStores(db: Knex): BillingStores {
  return bindStores(db, bind);
}

/** Connects to the plugin's database, runs its migrations, binds the stores. */
export function connectBillingStores(
  database: DatabaseService,
): Promise<BillingStores> {
  return connectStores({ database, migrate: migrateBillingDatabase, bind });
}

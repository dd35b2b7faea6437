import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  bindStores,
  connectStores,
  Stores,
} from '@controlplane/backend-common';
import { Knex } from 'knex';
import { AppsStore } from './AppsStore';
import { CredentialsStore } from './CredentialsStore';
import { ExpiryNoticeStore } from './ExpiryNoticeStore';
import { migrateAppsDatabase } from './migrations';
import { SnapshotStore } from './SnapshotStore';
import { UsageStore } from './UsageStore';

/** The stores of the apps plugin on one connection or transaction. */
function bind(db: Knex) {
  return {
    apps: new AppsStore(db),
    credentials: new CredentialsStore(db),
    usage: new UsageStore(db),
    snapshot: new SnapshotStore(db),
    expiryNotices: new ExpiryNoticeStore(db),
  };
}

/**
 * The plugin's stores. Every change that affects the credential snapshot
 * runs in `transaction` and bumps `snapshot.bumpRevision()` in it.
 */
export type AppsStores = Stores<ReturnType<typeof bind>>;

/** The stores on an already migrated database (tests). */
export function bindAppsStores(db: Knex): AppsStores {
  return bindStores(db, bind);
}

/** Connects to the plugin's database, migrates it and binds the stores. */
export function connectAppsStores(
  database: DatabaseService,
): Promise<AppsStores> {
  return connectStores({ database, migrate: migrateAppsDatabase, bind });
}

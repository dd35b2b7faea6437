import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { connectStores, Stores } from '@controlplane/backend-common';
import { AuditStore, AuditStoreOptions } from './AuditStore';

const migrationsDir = resolvePackagePath(
  '@controlplane/plugin-audit-backend',
  'migrations',
);

/** The stores of the audit plugin, on its own database. */
export type AuditStores = Stores<{ audit: AuditStore }>;

/** Connects to the audit database, migrates it and binds its store. */
export function connectAuditStores(
  database: DatabaseService,
  options: AuditStoreOptions,
): Promise<AuditStores> {
  return connectStores({
    database,
    migrate: async db => {
      await db.migrate.latest({ directory: migrationsDir });
    },
    bind: db => ({ audit: new AuditStore(db, options) }),
  });
}

import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { connectStores, Stores } from '@controlplane/backend-common';
import { RbacStore } from './RbacStore';

const migrationsDir = resolvePackagePath(
  '@controlplane/plugin-rbac-backend',
  'migrations',
);

/** The stores of the RBAC plugin on one connection (see `Stores`). */
export type RbacStores = Stores<{ rbac: RbacStore }>;

/** Connects to the plugin's database, runs its migrations, binds its stores. */
export function createRbacStores(
  database: DatabaseService,
): Promise<RbacStores> {
  return connectStores({
    database,
    migrate: db => db.migrate.latest({ directory: migrationsDir }),
    bind: db => ({ rbac: new RbacStore(db) }),
  });
}

/**
 * Runs a change of the role set in one transaction that first locks the
 * revision, so writers are serialized and checks made inside `work` cannot
 * race with other writers. When `work` reports a change, the revision goes up
 * once on commit (policy snapshot pollers see it); throwing rolls everything
 * back. `work` answers its `value` and whether it `changed` anything.
 */
export async function changeRoles<T>(
  stores: RbacStores,
  work: (rbac: RbacStore) => Promise<{ value: T; changed: boolean }>,
): Promise<T> {
  return stores.transaction(async ({ rbac }) => {
    const revision = await rbac.lockRevision();
    const { value, changed } = await work(rbac);
    if (changed) await rbac.setRevision(revision + 1);
    return value;
  });
}

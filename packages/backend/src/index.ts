/*
 * The portal backend. Every backend plugin and module listed in this
 * package's dependencies is discovered and started; operators choose which
 * ones run with `backend.packages` (include/exclude) in app-config, without
 * touching code. See README "Install or remove a plugin".
 */
import {
  createBackend,
  discoveryFeatureLoader,
} from '@backstage/backend-defaults';
import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  applyDefaultsWithEdgeHygiene,
  installRequestDrain,
  portalHttpRouterServiceFactory,
} from '@controlplane/backend-common';
import {
  auditorServiceFactory,
  auditTrailServiceFactory,
} from '@controlplane/plugin-audit-node';
import { acquireStartupLock, readStartupConfig } from './startupLock';
import { surviveDatabaseOutages } from './databaseOutages';

async function main() {
  surviveDatabaseOutages();
  // Instances sharing one PostgreSQL start one at a time (migrations).
  const releaseStartupLock = await acquireStartupLock(
    await readStartupConfig(),
    { onWait: message => process.stdout.write(`${message}\n`) },
  );
  const backend = createBackend();
  backend.add(
    rootHttpRouterServiceFactory({
      configure(context) {
        // On SIGTERM the requests in flight finish before plugins stop.
        installRequestDrain(context);
        // Every request's URL and body are checked (well-formed UTF-8, no
        // NUL, size and JSON depth limits) before any plugin sees them.
        applyDefaultsWithEdgeHygiene(context);
      },
    }),
  );
  // Every plugin's routes as Backstage's, with database outages as 503.
  backend.add(portalHttpRouterServiceFactory);
  // Every plugin's auditor events, Backstage's own included, are logged as
  // before and stored in the audit trail (see plugins/audit-node).
  backend.add(auditTrailServiceFactory);
  backend.add(auditorServiceFactory);
  backend.add(discoveryFeatureLoader);
  try {
    await backend.start();
  } finally {
    await releaseStartupLock();
  }
}

main().catch(error => {
  process.stderr.write(`Backend failed to start: ${error?.stack ?? error}\n`);
  process.exit(1);
});

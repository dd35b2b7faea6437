import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  AUDIT_EVENT_RESOURCE_TYPE,
  auditLogExportPermission,
  auditLogReadPermission,
  auditPermissionDescriptions,
  auditPermissions,
  AuditRecord,
} from '@controlplane/plugin-audit-common';
import { appCredentialsServiceRef } from '@controlplane/plugin-apps-node';
import { auditTrailServiceRef } from '@controlplane/plugin-audit-node';
import {
  ColumnFilter,
  createTenantRule,
  domainPluginDeps,
  ResourceAuthorizer,
  servePermissionDescriptions,
} from '@controlplane/backend-common';
import {
  readCheckpointInterval,
  readIngestionWindow,
  readPurgeSchedule,
  readRetention,
  readSigner,
  readVerificationSchedule,
} from './config';
import { connectAuditStores } from './database/stores';
import { nodeSha256 } from './service/CheckpointSigner';
import { ChainWatch } from './service/ChainWatch';
import { ExportService } from './service/ExportService';
import { IngestionService } from './service/IngestionService';
import { QueryService } from './service/QueryService';
import { RetentionService } from './service/RetentionService';
import { VerificationService } from './service/VerificationService';
import { createRouter } from './service/router';

/** The permission resource of audit records, scoped by their tenant. */
export const auditEventResourceRef = createPermissionResourceRef<
  AuditRecord,
  ColumnFilter
>().with({ pluginId: 'audit', resourceType: AUDIT_EVENT_RESOURCE_TYPE });

/**
 * The audit backend: stores every plugin's auditor events (through the audit
 * trail service) and the events of managed applications in one hash chain.
 */
export const auditPlugin = createBackendPlugin({
  pluginId: 'audit',
  register(env) {
    env.registerInit({
      deps: {
        ...domainPluginDeps,
        scheduler: coreServices.scheduler,
        auditTrail: auditTrailServiceRef,
        appCredentials: appCredentialsServiceRef,
        events: eventsServiceRef,
      },
      async init(deps) {
        const { config, logger, database, httpRouter, permissionsRegistry } =
          deps;

        const signer = readSigner(config);
        if (signer.ephemeral) {
          logger.warn(
            'audit.signingKey is not set: audit checkpoints are signed with an ephemeral key made at start, which proves nothing after a restart. Set an Ed25519 key in production.',
          );
        }
        const checkpointInterval = readCheckpointInterval(config);
        const retention = readRetention(config);

        const stores = await connectAuditStores(database, {
          signer,
          checkpointInterval,
          sha256: nodeSha256,
        });
        const ingestion = new IngestionService(stores, {
          window: readIngestionWindow(config),
        });
        const query = new QueryService(stores);
        const verification = new VerificationService(stores, {
          sha256: nodeSha256,
        });
        const retentionService = new RetentionService(stores, {
          retention,
          logger,
        });
        deps.auditTrail.attachWriter({
          write: events => ingestion.write(events),
        });

        const tenantRule = createTenantRule({
          resourceRef: auditEventResourceRef,
          column: 'tenant',
          getTenant: record => record.tenant,
        });
        permissionsRegistry.addResourceType({
          resourceRef: auditEventResourceRef,
          permissions: [auditLogReadPermission, auditLogExportPermission],
          rules: [tenantRule],
          getResources: async ids =>
            Promise.all(ids.map(id => query.get(id).catch(() => undefined))),
        });
        permissionsRegistry.addPermissions(auditPermissions);
        servePermissionDescriptions(
          httpRouter,
          auditPermissions,
          auditPermissionDescriptions,
        );

        const authorizer = new ResourceAuthorizer({
          permissions: deps.permissions,
          ruleset: permissionsRegistry.getPermissionRuleset(
            auditEventResourceRef,
          ),
        });

        // Apps authenticate with their own credentials, which Backstage's
        // credentials check would refuse; the route checks them itself.
        httpRouter.addAuthPolicy({ path: '/events', allow: 'unauthenticated' });
        httpRouter.use(
          createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            appCredentials: deps.appCredentials,
            authorizer,
            ingestion,
            query,
            exports: new ExportService(stores),
            verification,
            signingKey: {
              keyId: signer.keyId,
              publicKey: signer.publicKeyPem,
              ephemeral: signer.ephemeral,
            },
          }),
        );

        const chainWatch = new ChainWatch({
          verification,
          events: deps.events,
          logger,
        });
        await deps.scheduler.scheduleTask({
          id: 'audit-chain-verification',
          ...readVerificationSchedule(config),
          fn: async () => {
            await chainWatch.check();
          },
        });

        if (retentionService.enabled) {
          await deps.scheduler.scheduleTask({
            id: 'audit-retention-purge',
            ...readPurgeSchedule(config),
            fn: async () => {
              await retentionService.purge();
            },
          });
        } else {
          logger.info(
            'audit.retention is not set: audit records are kept forever',
          );
        }
      },
    });
  },
});

import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
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
  ResourceAuthorizer,
  servePermissionDescriptions,
} from '@controlplane/backend-common';
import { AuditStore } from './database/AuditStore';
import { AuditService, RetentionPolicy } from './service/AuditService';
import { CheckpointSigner, nodeSha256 } from './service/CheckpointSigner';
import { createRouter } from './service/router';

/** The permission resource of audit records, scoped by their tenant. */
export const auditEventResourceRef = createPermissionResourceRef<
  AuditRecord,
  ColumnFilter
>().with({ pluginId: 'audit', resourceType: AUDIT_EVENT_RESOURCE_TYPE });

function readRetention(config: Config): RetentionPolicy {
  const retention = config.getOptionalConfig('audit.retention');
  const days = (value: number, key: string) => {
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`${key} must be a positive number of days`);
    }
    return value;
  };
  return {
    defaultDays:
      retention?.getOptionalNumber('defaultDays') === undefined
        ? undefined
        : days(
            retention.getNumber('defaultDays'),
            'audit.retention.defaultDays',
          ),
    rules: (retention?.getOptionalConfigArray('rules') ?? []).map(
      (rule, index) => ({
        actions: rule.getStringArray('actions'),
        days: days(
          rule.getNumber('days'),
          `audit.retention.rules[${index}].days`,
        ),
      }),
    ),
  };
}

const DEFAULT_PURGE_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 6 },
  timeout: { minutes: 30 },
  initialDelay: { minutes: 2 },
};

/**
 * The audit backend: stores every plugin's auditor events (through the audit
 * trail service) and the events of managed applications in one hash chain.
 */
export const auditPlugin = createBackendPlugin({
  pluginId: 'audit',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        auditor: coreServices.auditor,
        auditTrail: auditTrailServiceRef,
        appCredentials: appCredentialsServiceRef,
      },
      async init(deps) {
        const { config, logger, database, httpRouter, permissionsRegistry } =
          deps;

        const pem = config.getOptionalString('audit.signingKey');
        const signer = pem
          ? CheckpointSigner.fromPem(pem)
          : CheckpointSigner.ephemeral();
        if (signer.ephemeral) {
          logger.warn(
            'audit.signingKey is not set: audit checkpoints are signed with an ephemeral key made at start, which proves nothing after a restart. Set an Ed25519 key in production.',
          );
        }
        const checkpointInterval =
          config.getOptionalNumber('audit.checkpointInterval') ?? 1000;
        if (!Number.isInteger(checkpointInterval) || checkpointInterval < 1) {
          throw new Error(
            'audit.checkpointInterval must be a positive integer',
          );
        }
        const retention = readRetention(config);

        const store = await AuditStore.create(database, {
          signer,
          checkpointInterval,
          sha256: nodeSha256,
        });
        const service = new AuditService(store, {
          sha256: nodeSha256,
          logger,
          retention,
        });
        deps.auditTrail.attachWriter({
          write: events => service.write(events),
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
            Promise.all(ids.map(id => service.get(id).catch(() => undefined))),
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
            service,
            httpAuth: deps.httpAuth,
            appCredentials: deps.appCredentials,
            permissions: deps.permissions,
            auditor: deps.auditor,
            authorizer,
            signingKey: {
              keyId: signer.keyId,
              publicKey: signer.publicKeyPem,
              ephemeral: signer.ephemeral,
            },
          }),
        );

        if (retention.defaultDays !== undefined || retention.rules.length > 0) {
          const scheduleConfig = config.getOptionalConfig(
            'audit.retention.schedule',
          );
          await deps.scheduler.scheduleTask({
            id: 'audit-retention-purge',
            ...(scheduleConfig
              ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                  scheduleConfig,
                )
              : DEFAULT_PURGE_SCHEDULE),
            fn: async () => {
              await service.purge();
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

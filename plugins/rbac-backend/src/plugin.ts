import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { servePermissionDescriptions } from '@controlplane/backend-common';
import {
  rbacPermissionDescriptions,
  rbacPermissions,
} from '@controlplane/plugin-rbac-common';
import { RbacStore } from './database/RbacStore';
import { ConditionApplier } from './service/ConditionApplier';
import { PermissionCatalog } from './service/PermissionCatalog';
import { RbacService } from './service/RbacService';
import { createRouter } from './service/router';

/**
 * The RBAC backend: roles, grants and members stored in the plugin's
 * database and edited at run time, served to the permission policy as a
 * snapshot.
 */
export const rbacPlugin = createBackendPlugin({
  pluginId: 'rbac',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        instanceMetadata: coreServices.rootInstanceMetadata,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { config, logger, database, httpRouter } = deps;
        deps.permissionsRegistry.addPermissions(rbacPermissions);
        servePermissionDescriptions(
          httpRouter,
          rbacPermissions,
          rbacPermissionDescriptions,
        );

        const service = new RbacService(await RbacStore.create(database));
        const membersConfig = config.getOptionalConfig('rbac.initialMembers');
        const initialMembers = Object.fromEntries(
          (membersConfig?.keys() ?? []).map(role => [
            role,
            membersConfig!.getStringArray(role),
          ]),
        );
        if (await service.seed(initialMembers)) {
          logger.info('Created the built-in roles on first start');
        }

        httpRouter.use(
          createRouter({
            service,
            permissionCatalog: new PermissionCatalog(deps),
            conditionApplier: new ConditionApplier(deps),
            httpAuth: deps.httpAuth,
            auth: deps.auth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            catalog: deps.catalog,
          }),
        );
      },
    });
  },
});

import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  domainPluginDeps,
  servePermissionDescriptions,
} from '@controlplane/backend-common';
import {
  rbacPermissionDescriptions,
  rbacPermissions,
} from '@controlplane/plugin-rbac-common';
import { createRbacStores } from './database/stores';
import { ConditionApplier } from './service/ConditionApplier';
import { ExplainService } from './service/ExplainService';
import { PageAccessService } from './service/PageAccessService';
import { PermissionCatalog } from './service/PermissionCatalog';
import { PolicyService } from './service/PolicyService';
import { RoleService } from './service/RoleService';
import { RoleSetService } from './service/RoleSetService';
import { createRouter } from './service/router';
import { seedBuiltInRoles } from './service/seed';

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
        ...domainPluginDeps,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
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

        const stores = await createRbacStores(database);
        const membersConfig = config.getOptionalConfig('rbac.initialMembers');
        const initialMembers = Object.fromEntries(
          (membersConfig?.keys() ?? []).map(role => [
            role,
            membersConfig!.getStringArray(role),
          ]),
        );
        if (await seedBuiltInRoles(stores, initialMembers)) {
          logger.info('Created the built-in roles on first start');
        }

        const policy = new PolicyService(stores);
        const permissionCatalog = new PermissionCatalog(deps);
        httpRouter.use(
          createRouter({
            roles: new RoleService(stores, permissionCatalog),
            roleSets: new RoleSetService(stores, permissionCatalog),
            policy,
            permissionCatalog,
            pageAccess: new PageAccessService({
              permissions: deps.permissions,
              permissionCatalog,
            }),
            explainer: new ExplainService({
              policy,
              permissionCatalog,
              conditionApplier: new ConditionApplier(deps),
              catalog: deps.catalog,
              auth: deps.auth,
            }),
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
          }),
        );
      },
    });
  },
});

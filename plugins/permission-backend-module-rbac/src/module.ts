import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { PolicySnapshotSource } from './PolicySnapshotSource';
import { RbacPolicy } from './RbacPolicy';

/**
 * The permission policy of the portal: decisions from the rbac plugin's roles.
 * Nothing is fetched at startup; the first decision fetches the roles.
 */
export const permissionModuleRbacPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'rbac-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, logger, discovery, auth, userInfo }) {
        const snapshots = PolicySnapshotSource.fromConfig(config, {
          discovery,
          auth,
          logger,
        });
        policy.setPolicy(new RbacPolicy({ snapshots, userInfo, logger }));
      },
    });
  },
});

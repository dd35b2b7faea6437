import {
  HttpRouterService,
  PermissionsRegistryService,
  PermissionsRegistryServiceAddResourceTypeOptions,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  isResourcePermission,
  Permission,
} from '@backstage/plugin-permission-common';
import { ColumnFilter } from './filters';
import { servePermissionDescriptions } from './permissionDescriptions';
import { ResourceAuthorizer } from './ResourceAuthorizer';

/**
 * The permission wiring of a plugin with one tenant-scoped resource type:
 * registers the resource type (with the plugin's resource permissions of
 * that type, its rules and how to load resources), every permission of the
 * plugin, serves their descriptions (see {@link servePermissionDescriptions}),
 * and returns the {@link ResourceAuthorizer} its router decides with.
 */
export function registerResourcePermissions<
  TResource,
  const TResourceType extends string,
>(
  options: Pick<
    PermissionsRegistryServiceAddResourceTypeOptions<
      TResourceType,
      TResource,
      ColumnFilter
    >,
    'resourceRef' | 'rules' | 'getResources'
  > & {
    permissionsRegistry: PermissionsRegistryService;
    permissions: PermissionsService;
    httpRouter: HttpRouterService;
    /** Every permission of the plugin, basic and resource ones. */
    pluginPermissions: Permission[];
    descriptions: Record<string, string>;
  },
): ResourceAuthorizer<TResource, TResourceType> {
  const { permissionsRegistry, resourceRef, pluginPermissions } = options;
  permissionsRegistry.addResourceType({
    resourceRef,
    permissions: pluginPermissions.filter(permission =>
      isResourcePermission(permission, resourceRef.resourceType),
    ),
    rules: options.rules,
    getResources: options.getResources,
  });
  permissionsRegistry.addPermissions(pluginPermissions);
  servePermissionDescriptions(
    options.httpRouter,
    pluginPermissions,
    options.descriptions,
  );
  return new ResourceAuthorizer({
    permissions: options.permissions,
    ruleset: permissionsRegistry.getPermissionRuleset(resourceRef),
  });
}

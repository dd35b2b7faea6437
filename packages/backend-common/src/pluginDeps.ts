import { coreServices } from '@backstage/backend-plugin-api';

/**
 * The core services every domain backend plugin is built from: its own
 * database, its routes with their callers and permissions, and the auditor.
 * `deps: { ...domainPluginDeps, scheduler: coreServices.scheduler }` adds
 * what one plugin needs beyond them.
 */
export const domainPluginDeps = {
  config: coreServices.rootConfig,
  logger: coreServices.logger,
  database: coreServices.database,
  httpRouter: coreServices.httpRouter,
  httpAuth: coreServices.httpAuth,
  permissions: coreServices.permissions,
  permissionsRegistry: coreServices.permissionsRegistry,
  auditor: coreServices.auditor,
};

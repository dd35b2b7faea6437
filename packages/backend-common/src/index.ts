/**
 * Backend helpers shared by every domain plugin of the portal.
 *
 * @packageDocumentation
 */
export * from './filters';
export * from './keysetPages';
export * from './rules';
export * from './ResourceAuthorizer';
export * from './permissionDescriptions';
export * from './openApi';
export * from './auditedChange';
export * from './requestPrincipal';
export * from './tenantSetRule';
export * from './registerResourcePermissions';
export * from './routeHelpers';
export * from './stores';
export * from './pluginDeps';
export * from './edgeHygiene';
export * from './edgeHygieneRootHttpRouter';
export * from './requestDrain';
export * from './databaseUnavailable';
export * from './portalHttpRouter';
export * from './requestMetrics';
export * from './tenantsOverRest';
export * from './tenantScope';
export * from './pluginRequests';
export * from './boundedConfig';
export * from './notifier';

/**
 * The platform-health backend plugin: request metrics of every plugin,
 * added up over backend instances, under `/api/platform-health` (contract
 * in src/schema/openapi.yaml), with tenant-scoped permissions.
 *
 * @packageDocumentation
 */
export {
  platformHealthPlugin as default,
  platformHealthTenantResourceRef,
} from './plugin';
export {
  bindPlatformHealthStores,
  migratePlatformHealthDatabase,
} from './database/stores';

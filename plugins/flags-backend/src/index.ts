/**
 * The flags backend plugin: per-tenant feature flags under `/api/flags`
 * (contract in src/schema/openapi.yaml), delivered to managed apps over REST
 * with ETags, server-sent events and OpenFeature's remote evaluation
 * protocol.
 *
 * @packageDocumentation
 */
export { flagsPlugin as default, flagsTenantResourceRef } from './plugin';
export { bindFlagsStores, migrateFlagsDatabase } from './database/stores';

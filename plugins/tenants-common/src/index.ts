/**
 * Shared parts of the tenants plugin: permissions, the tenant model, the
 * password policy check and organization settings validation.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './types';
export * from './validation';
export type { TenantsApiPaths, TenantsApiOperations } from './generated';

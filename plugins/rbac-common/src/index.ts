/**
 * Shared parts of the RBAC plugin.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './grants';
export * from './types';
export * from './evaluate';
export * from './members';
export * from './scoping';
export * from './conditions';
export type { RbacApiPaths, RbacApiOperations } from './generated';

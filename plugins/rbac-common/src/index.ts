/**
 * Shared parts of the RBAC plugin: the REST contract's types (generated from
 * the backend's openapi.yaml), its permissions, grant matching and the
 * evaluation of the policy snapshot.
 *
 * @packageDocumentation
 */
export * from './generated';
export * from './permissions';
export * from './grants';
export * from './types';
export * from './evaluate';
export * from './members';
export * from './scoping';
export * from './conditions';

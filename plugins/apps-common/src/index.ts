/**
 * Shared parts of the apps plugin: permissions, the managed application and
 * credential model, the scopes apps are granted, the credential token format
 * and the snapshot that credential verifiers (`@controlplane/plugin-apps-node`)
 * read from the apps backend.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './scopes';
export * from './types';
export * from './token';
export * from './validation';
export * from './events';
export type { AppsApiPaths, AppsApiOperations } from './generated';

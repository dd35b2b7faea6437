/**
 * Shared parts of the apps plugin: the REST API's types (generated from the
 * backend's openapi.yaml: apps, credentials, usage and the snapshot that
 * credential verifiers in `@controlplane/plugin-apps-node` read),
 * permissions, the scopes apps are granted, the credential token format and
 * the input checks both sides apply.
 *
 * @packageDocumentation
 */
export * from './generated';
export * from './permissions';
export * from './scopes';
export * from './types';
export * from './token';
export * from './validation';
export * from './events';
export * from './notifications';

/**
 * Shared parts of the promotions plugin: its permissions and the types of
 * its REST API, generated from the backend's openapi.yaml
 * (`yarn openapi:generate`).
 *
 * @packageDocumentation
 */
export * from './generated';
export * from './permissions';
export * from './types';
export * from './notifications';

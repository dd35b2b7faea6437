/**
 * Shared parts of the billing plugin: its permissions, the types of its REST
 * API (generated from the backend's openapi.yaml, `yarn openapi:generate`),
 * periods and the billing event topic.
 *
 * @packageDocumentation
 */
export * from './generated';
export * from './permissions';
export * from './types';
export * from './notifications';

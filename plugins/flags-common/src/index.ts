/**
 * Shared parts of the flags plugin: its permissions, the types of its REST
 * API (generated from the backend's openapi.yaml, `yarn openapi:generate`)
 * and the evaluation rules, which the backend serves and the page previews.
 *
 * @packageDocumentation
 */
export * from './generated';
export * from './permissions';
export * from './types';
export * from './evaluation';

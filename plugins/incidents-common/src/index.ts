/**
 * Shared parts of the incidents plugins: permissions, the status workflow,
 * event payloads and the REST API types (generated from the backend's
 * openapi.yaml by `yarn openapi:generate`).
 *
 * @packageDocumentation
 */
export * from './generated';
export * from './permissions';
export * from './types';
export * from './notifications';

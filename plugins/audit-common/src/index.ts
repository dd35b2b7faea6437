/**
 * Shared parts of the audit plugin: the REST contract's types (generated
 * from the backend's openapi.yaml), its permissions, the hash chain and its
 * verification (no Node built-ins, so the frontend can import it too).
 *
 * @packageDocumentation
 */
export * from './generated';
export * from './types';
export * from './permissions';
export * from './chain';
export * from './canonical';
export * from './exportFormat';
export * from './events';
export { sha256Hex } from './sha256';

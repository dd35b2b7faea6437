/**
 * The flags page and the client of the flags REST API.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { flagsApiRef, FlagsClient } from './api';
export type { FlagsApi } from './api';

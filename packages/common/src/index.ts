/**
 * Types shared by the portal's frontend and backend helpers.
 *
 * @packageDocumentation
 */
export * from './openApiTypes';

/**
 * Catalog model of the control plane, shared by the catalog backend module
 * and the frontend.
 *
 * @packageDocumentation
 */
export * from './kinds';
export * from './relations';

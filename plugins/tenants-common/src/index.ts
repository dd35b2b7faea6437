/**
 * Shared parts of the tenants plugin: the types of its REST API (generated
 * from the contract), its permissions, value lists and defaults, the events
 * of the tenant lifecycle, and the checks of names, password policies and
 * organization settings.
 *
 * @packageDocumentation
 */
export * from './generated';
export * from './permissions';
export * from './types';
export * from './validation';
export * from './notifications';

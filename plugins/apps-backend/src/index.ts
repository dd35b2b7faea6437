/**
 * The apps backend plugin: managed applications, their credentials, rate
 * limits and usage, and the credential snapshot the verifiers read.
 *
 * @packageDocumentation
 */
export { appsPlugin as default } from './plugin';
export { appResourceRef } from './permissions/appResourceRef';
export { migrateAppsDatabase } from './database/migrations';

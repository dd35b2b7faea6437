/**
 * The apps page: register managed applications, issue, rotate and revoke
 * their credentials (the secret shown once), edit rate limits, see usage,
 * and list every credential the user may see.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { appsApiRef, AppsClient } from './api';
export type { AppsApi } from './api';

/**
 * The tenants page: list, provision, suspend and offboard tenants; manage
 * their users, invitations, sessions, SSO, password policy and organization
 * settings; impersonate users.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { tenantsApiRef, TenantsClient } from './api';
export type { TenantsApi } from './api';

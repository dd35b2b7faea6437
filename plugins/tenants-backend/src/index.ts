/**
 * The tenants backend plugin: tenant lifecycle, users, invitations,
 * sessions, SSO, password policy, organization settings and impersonation.
 *
 * @packageDocumentation
 */
export { tenantsPlugin as default, tenantResourceRef } from './plugin';
export {
  LogInvitationMailer,
  tenantsInvitationMailerExtensionPoint,
} from './service/InvitationMailer';
export type {
  InvitationMailer,
  InvitationMessage,
  TenantsInvitationMailerExtensionPoint,
} from './service/InvitationMailer';
export { SessionStore } from './database/SessionStore';
export { migrateTenantsDatabase } from './database/TenantsStore';

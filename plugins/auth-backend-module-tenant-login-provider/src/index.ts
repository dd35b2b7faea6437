/**
 * Tenant login: a tenant's owners and administrators sign into the portal
 * with their tenant credentials, through the tenants plugin's OpenID Connect
 * issuer, and get their portal role in their tenant only.
 *
 * @packageDocumentation
 */
export {
  authModuleTenantLoginProvider as default,
  TENANT_LOGIN_PROVIDER_ID,
} from './module';
export { PORTAL_ROLE_OF_TENANT_ROLE, tenantLoginNamespace } from './resolver';

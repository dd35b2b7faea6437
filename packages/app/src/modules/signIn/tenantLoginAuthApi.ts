import { createApiRef } from '@backstage/frontend-plugin-api';
import { OidcSignInApi, oidcSignInApi } from './oidcAuthApi';

/** The auth provider of tenant login (auth.providers.tenantLogin). */
export const TENANT_LOGIN_PROVIDER_ID = 'tenantLogin';

/**
 * Sign-in of a tenant's owners and administrators with their tenant
 * credentials, through the tenants plugin's OpenID Connect issuer.
 */
export const tenantLoginAuthApiRef = createApiRef<OidcSignInApi>({
  id: 'controlplane.auth.tenant-login',
});

export const tenantLoginAuthApi = oidcSignInApi({
  name: 'tenant-login-auth',
  apiRef: tenantLoginAuthApiRef,
  providerId: TENANT_LOGIN_PROVIDER_ID,
  title: 'Your organization',
});

/** The sign-in page's entry for tenant login. */
export const tenantLoginProvider = {
  id: TENANT_LOGIN_PROVIDER_ID,
  title: 'Your organization',
  message:
    'Sign in with your organization: owners and administrators of a tenant, with their tenant credentials',
  apiRef: tenantLoginAuthApiRef,
};

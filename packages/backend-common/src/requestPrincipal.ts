/**
 * A managed application calling a portal REST API with its credential, as
 * the plugin that accepted the call knows it (the apps plugin's verifier
 * attaches it; the auditor reads it). Never holds the secret.
 */
export interface AppRequestPrincipal {
  /** Tells an app apart from the other callers a plugin may see. */
  type: 'app';
  /** The id of the app in the apps plugin. */
  appId: string;
  /** The app's name, e.g. `billing-sync`; audit records name it `app:<appName>`. */
  appName: string;
  /** The id of the credential used; an app may have several. */
  credentialId: string;
  /** The public client id of the credential, e.g. `cp_live_4k9x2m7q8w3z`. */
  clientId: string;
  /** The scopes the credential grants, e.g. `billing:read` or `billing:*`. */
  scopes: string[];
  /** Tenants the credential reaches. */
  tenants: string[];
  /** The environment the app runs in (development, staging, production). */
  environment?: string;
}

// Keyed by the request object, so the principal lives exactly as long as the
// request and cannot be set through anything the client sends.
const appPrincipals = new WeakMap<object, AppRequestPrincipal>();

/** Records that `request` was authenticated as an app. */
export function attachAppPrincipal(
  request: object,
  principal: AppRequestPrincipal,
): void {
  appPrincipals.set(request, principal);
}

/** The app that made `request`, or undefined for any other caller. */
export function getAppPrincipal(
  request: object,
): AppRequestPrincipal | undefined {
  return appPrincipals.get(request);
}

/**
 * A tenant user (not portal staff) acting through the tenants plugin's
 * sign-in: the account an attempt names, or the holder of a tenant access
 * token. Audit records name it `tenant-user:<tenant>/<user id>`.
 */
export interface TenantUserRequestPrincipal {
  /** Tells a tenant user apart from the other callers. */
  type: 'tenant-user';
  /** The tenant's name, e.g. `acme`. */
  tenant: string;
  /** The user's id in the tenants plugin. */
  userId: string;
}

const tenantUserPrincipals = new WeakMap<object, TenantUserRequestPrincipal>();

/** Records that `request` acts for a tenant user. */
export function attachTenantUserPrincipal(
  request: object,
  principal: TenantUserRequestPrincipal,
): void {
  tenantUserPrincipals.set(request, principal);
}

/** The tenant user `request` acts for, or undefined. */
export function getTenantUserPrincipal(
  request: object,
): TenantUserRequestPrincipal | undefined {
  return tenantUserPrincipals.get(request);
}

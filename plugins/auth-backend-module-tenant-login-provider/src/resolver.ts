import { stringifyEntityRef } from '@backstage/catalog-model';
import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import type { OidcAuthResult } from '@backstage/plugin-auth-backend-module-oidc-provider';
import {
  AuthResolverContext,
  BackstageSignInResult,
  OAuthAuthenticatorResult,
  ProfileInfo,
  SignInInfo,
} from '@backstage/plugin-auth-node';
import {
  TENANT_NAME_PATTERN,
  TenantUserRole,
} from '@controlplane/plugin-tenants-common';

/** What the authenticator hands over: the issuer's tokens and userinfo. */
export type TenantLoginResult = OAuthAuthenticatorResult<OidcAuthResult>;

/**
 * The portal role a tenant role signs in with, in its own tenant only. Other
 * tenant roles do not sign into the portal.
 */
export const PORTAL_ROLE_OF_TENANT_ROLE: Partial<
  Record<TenantUserRole, string>
> = {
  owner: 'org-owner',
  administrator: 'tenant-admin',
};

/**
 * The namespace of a tenant's signed-in users and role groups. The refs
 * never enter the catalog; `@controlplane/plugin-rbac-common`
 * (`tenantLoginMembership`) reads them back, so both must agree.
 */
export const tenantLoginNamespace = (tenant: string) => `tenant-${tenant}`;

/** A tenant owner or administrator, as the issuer describes them. */
export interface TenantLoginIdentity {
  tenant: string;
  /** The tenant user's id (the issuer's `sub`). */
  userId: string;
  role: TenantUserRole;
  portalRole: string;
  email?: string;
  name?: string;
}

// Entity names: letters, digits and [-_.], at most 63 characters (a uuid).
const ENTITY_NAME_PATTERN = /^(?=.{1,63}$)[A-Za-z0-9]+([-_.][A-Za-z0-9]+)*$/;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * Reads the signed-in tenant user from the issuer's userinfo, which the
 * authenticator fetches on sign-in and on every refresh: a role changed or
 * taken away in the tenant counts at the next refresh.
 */
export function tenantLoginIdentity(
  result: TenantLoginResult,
): TenantLoginIdentity {
  const claims = result.fullProfile.userinfo as Record<string, unknown>;
  const tenant = text(claims.tenant);
  if (!tenant) {
    throw new AuthenticationError(
      'The organization sign-in did not say which organization the user belongs to (no tenant claim)',
    );
  }
  if (!TENANT_NAME_PATTERN.test(tenant)) {
    throw new AuthenticationError(
      `The organization sign-in named an invalid organization "${tenant}"`,
    );
  }
  const userId = text(claims.sub);
  if (!userId || !ENTITY_NAME_PATTERN.test(userId)) {
    throw new AuthenticationError(
      'The organization sign-in did not identify the user (invalid sub claim)',
    );
  }
  const role = text(claims.role) as TenantUserRole | undefined;
  const portalRole = role && PORTAL_ROLE_OF_TENANT_ROLE[role];
  if (!role || !portalRole) {
    throw new NotAllowedError(
      'Only owners and administrators of an organization sign into the portal',
    );
  }
  return {
    tenant,
    userId,
    role,
    portalRole,
    email: text(claims.email),
    name: text(claims.name),
  };
}

/**
 * The user's refs: `user:tenant-<tenant>/<user id>`, owning through
 * `group:tenant-<tenant>/<portal role>`, which the RBAC policy counts as a
 * member of that role in that tenant only.
 */
export function tenantLoginRefs(identity: TenantLoginIdentity) {
  const namespace = tenantLoginNamespace(identity.tenant);
  return {
    userEntityRef: stringifyEntityRef({
      kind: 'user',
      namespace,
      name: identity.userId,
    }),
    roleGroupRef: stringifyEntityRef({
      kind: 'group',
      namespace,
      name: identity.portalRole,
    }),
  };
}

/**
 * Signs a tenant owner or administrator in without a catalog user: they
 * exist only in the tenants plugin, so the token carries their refs as is.
 */
export async function tenantLoginSignInResolver(
  info: SignInInfo<TenantLoginResult>,
  ctx: AuthResolverContext,
): Promise<BackstageSignInResult> {
  const { userEntityRef, roleGroupRef } = tenantLoginRefs(
    tenantLoginIdentity(info.result),
  );
  return ctx.issueToken({
    claims: { sub: userEntityRef, ent: [userEntityRef, roleGroupRef] },
  });
}

/** Name and e-mail address as the tenant knows them. */
export async function tenantLoginProfileTransform(
  result: TenantLoginResult,
): Promise<{ profile: ProfileInfo }> {
  const { name, email } = tenantLoginIdentity(result);
  return { profile: { displayName: name ?? email, email } };
}

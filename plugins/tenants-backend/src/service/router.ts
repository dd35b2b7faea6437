import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import {
  Change,
  createRouteHelpers,
  loadAuthorized,
  ResourceAuthorizer,
  RouteHelpers,
  TypedRouter,
} from '@controlplane/backend-common';
import {
  TENANT_RESOURCE_TYPE,
  TenantsApiPaths,
  tenantsOwnerManagePermission,
} from '@controlplane/plugin-tenants-common';
import express, { Request, Router } from 'express';
import { StoredTenant } from '../database/rows';
import { createOpenApiRouter } from '../schema/openapi/generated/router';
import { AuthorizationServer } from '../signin/AuthorizationServer';
import { LoginPage } from '../signin/LoginPage';
import type { DevInboxMessage } from './InvitationMailer';
import { Passkeys } from '../signin/Passkeys';
import { PasswordResets } from '../signin/PasswordResets';
import { SigninService } from '../signin/SigninService';
import { TenantSso } from '../signin/TenantSso';
import { authRoutes } from './routes/auth';
import { impersonationsRoutes } from './routes/impersonations';
import { invitationsRoutes } from './routes/invitations';
import { passkeysRoutes } from './routes/passkeys';
import { loginPageRoutes } from './routes/loginPage';
import { oidcRoutes } from './routes/oidc';
import { platformRoutes } from './routes/platform';
import { sessionsRoutes } from './routes/sessions';
import { settingsRoutes } from './routes/settings';
import { ssoRoutes } from './routes/sso';
import { tenantsRoutes } from './routes/tenants';
import { usersRoutes } from './routes/users';
import { TenantsService } from './TenantsService';

export type TenantAuthorizer = ResourceAuthorizer<
  StoredTenant,
  typeof TENANT_RESOURCE_TYPE
>;

/** A permission on one tenant (every tenant-scoped permission is one). */
export type TenantPermission = ResourcePermission<typeof TENANT_RESOURCE_TYPE>;

/** The plugin's router, typed from its contract. */
export type TenantsRouter = TypedRouter<TenantsApiPaths>;

/** A request on one tenant, `/tenants/:tenant/...`. */
export type TenantRequest = Request<{ tenant: string }>;

/** The one audit event of a change on a tenant or on a part of it. */
export interface TenantChangeEvent {
  eventId: string;
  severityLevel: AuditorServiceEventSeverityLevel;
  /** Checked inside the event, so a denied attempt is on record too. */
  permission: TenantPermission;
  /** `tenant`, `tenant-user`, `tenant-sso`, ... */
  resourceType: string;
  /** The changed resource; the tenant itself when left out. */
  resourceId?: string;
  /** More facts known before the change, e.g. its reason. */
  meta?: JsonObject;
}

/** What every route module is built from: the service and the plumbing. */
/**
 * Tenant sign-in's parts: all present with `tenants.secretKey`, all absent
 * without (the sign-in routes then answer 503).
 */
export interface SigninParts {
  signin?: SigninService;
  /** Password reset by e-mail. */
  resets?: PasswordResets;
  /** Passkeys as a second factor. */
  passkeys?: Passkeys;
  /** The OpenID Connect side of sign-in. */
  authorization?: AuthorizationServer;
  /** The universal login page. */
  loginPage?: LoginPage;
  /** The log mailer's messages, for the dev inbox page (local only). */
  devInbox?: () => DevInboxMessage[];
  /** Sign-in through the tenant's identity provider. */
  sso?: TenantSso;
}

export interface TenantsRouteDeps extends RouteHelpers, SigninParts {
  service: TenantsService;
  authorizer: TenantAuthorizer;
  /**
   * The tenant of the request for `permission`: 403 when the caller holds it
   * for no tenant at all; 404 when the tenant is missing or out of the
   * caller's reach, so a tenant-scoped user cannot probe other tenants'
   * names.
   */
  loadTenant(
    req: TenantRequest,
    permission: TenantPermission,
  ): Promise<{ tenant: StoredTenant; credentials: BackstageCredentials }>;
  /**
   * A state change on the request's tenant as one audit event naming the
   * tenant and the changed resource; the permission check and the loading
   * of the tenant run inside the event.
   */
  tenantChange<T>(
    req: TenantRequest,
    event: TenantChangeEvent,
    change: (
      tenant: StoredTenant,
      credentials: BackstageCredentials,
    ) => Promise<Change<T>>,
  ): Promise<T>;
  /** The plugins whose service principals may call `POST /sessions/check`. */
  sessionCheckPlugins: readonly string[];
  /** Whether the caller may hand out or take away ownership of `tenant`. */
  mayManageOwners(
    credentials: BackstageCredentials,
    tenant: StoredTenant,
  ): Promise<boolean>;
}

export interface RouterOptions extends SigninParts {
  service: TenantsService;
  authorizer: TenantAuthorizer;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** `tenants.sessions.checkPlugins`; none by default. */
  sessionCheckPlugins?: readonly string[];
}

/**
 * The REST API (HTTP only: parse, authorize, call the service, audit,
 * answer), one route module per resource on the shared per-request plumbing.
 */
export function createRouter(options: RouterOptions): Router {
  const { service, authorizer } = options;
  const router: TenantsRouter = createOpenApiRouter({
    middleware: [
      express.json({ limit: '256kb' }),
      // OAuth clients post the token endpoint as a form.
      express.urlencoded({ extended: false, limit: '16kb' }),
    ],
  });
  const helpers = createRouteHelpers(options);

  const loadTenant: TenantsRouteDeps['loadTenant'] = async (
    req,
    permission,
  ) => {
    const credentials = await helpers.credentialsOf(req);
    const { resource } = await loadAuthorized({
      authorizer,
      credentials,
      permission,
      load: () => service.getTenant(req.params.tenant),
      notFound: `No tenant named ${req.params.tenant}`,
    });
    return { tenant: resource, credentials };
  };

  const deps: TenantsRouteDeps = {
    ...helpers,
    service,
    authorizer,
    loadTenant,
    sessionCheckPlugins: options.sessionCheckPlugins ?? [],
    signin: options.signin,
    resets: options.resets,
    passkeys: options.passkeys,
    authorization: options.authorization,
    loginPage: options.loginPage,
    devInbox: options.devInbox,
    sso: options.sso,
    tenantChange: (req, event, change) =>
      helpers.audited(
        req,
        {
          eventId: event.eventId,
          severityLevel: event.severityLevel,
          meta: {
            tenant: req.params.tenant,
            resourceType: event.resourceType,
            resourceId: event.resourceId ?? req.params.tenant,
            ...event.meta,
          },
        },
        async () => {
          const { tenant, credentials } = await loadTenant(
            req,
            event.permission,
          );
          return change(tenant, credentials);
        },
      ),
    mayManageOwners: (credentials, tenant) =>
      authorizer.isAllowed(credentials, tenantsOwnerManagePermission, tenant),
  };

  tenantsRoutes(router, deps);
  settingsRoutes(router, deps);
  usersRoutes(router, deps);
  sessionsRoutes(router, deps);
  invitationsRoutes(router, deps);
  impersonationsRoutes(router, deps);
  platformRoutes(router, deps);
  authRoutes(router, deps);
  ssoRoutes(router, deps);
  passkeysRoutes(router, deps);
  oidcRoutes(router, deps);
  loginPageRoutes(router, deps);
  return router;
}

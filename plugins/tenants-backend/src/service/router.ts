import { createOpenApiRouter } from '../schema/openapi/generated/router';
import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  actorRef,
  assertBasicAllowed,
  auditedChange,
  requireResourceAccess,
  ResourceAuthorizer,
} from '@controlplane/backend-common';
import {
  OrganizationSettings,
  PasswordPolicy,
  TENANT_RESOURCE_TYPE,
  TenantPlan,
  tenantsImpersonationReadPermission,
  tenantsImpersonationStartPermission,
  tenantsOrganizationReadPermission,
  tenantsOrganizationUpdatePermission,
  tenantsPasswordPolicyReadPermission,
  tenantsPasswordPolicyUpdatePermission,
  tenantsSessionReadPermission,
  tenantsSessionRevokePermission,
  tenantsSsoReadPermission,
  tenantsSsoUpdatePermission,
  tenantsTenantChangePlanPermission,
  tenantsTenantCreatePermission,
  tenantsTenantOffboardPermission,
  tenantsTenantReadPermission,
  tenantsTenantSuspendPermission,
  tenantsTenantUpdatePermission,
  tenantsOwnerManagePermission,
  tenantsUserDeletePermission,
  tenantsUserInvitePermission,
  tenantsUserReadPermission,
  tenantsUserUpdatePermission,
  TenantStatus,
  TenantUserRole,
  TenantUserStatus,
} from '@controlplane/plugin-tenants-common';
import { JsonObject } from '@backstage/types';
import express, { Request, Router } from 'express';
import { StoredTenant } from '../database/rows';
import { TenantSort } from '../database/TenantsStore';
import { Change, TenantsService } from './TenantsService';

export type TenantAuthorizer = ResourceAuthorizer<
  StoredTenant,
  typeof TENANT_RESOURCE_TYPE
>;

export interface RouterOptions {
  service: TenantsService;
  authorizer: TenantAuthorizer;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}

const list = <T extends string>(value: unknown): T[] | undefined =>
  typeof value === 'string' && value ? (value.split(',') as T[]) : undefined;
const limitOf = (value: unknown) =>
  typeof value === 'string' ? Number(value) : 50;
const cursorOf = (value: unknown) =>
  typeof value === 'string' ? value : undefined;

/** HTTP only: parse, authorize, call the service, audit, answer. */
export function createRouter(options: RouterOptions): Router {
  const { service, authorizer, httpAuth, permissions, auditor } = options;
  const router = createOpenApiRouter({
    middleware: [express.json({ limit: '256kb' })],
  });

  const credentialsOf = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  async function authorizeBasic(req: Request, permission: BasicPermission) {
    const credentials = await credentialsOf(req);
    await assertBasicAllowed(permissions, credentials, permission);
    return credentials;
  }

  /**
   * Checks the permission (403 when not allowed at all) and loads the tenant.
   * A tenant outside the caller's scope is a 404 like a missing one, so a
   * tenant-scoped user cannot probe other tenants' names.
   */
  async function tenantFor(
    req: Request,
    permission: ResourcePermission<typeof TENANT_RESOURCE_TYPE>,
  ): Promise<{ tenant: StoredTenant; credentials: BackstageCredentials }> {
    const credentials = await credentialsOf(req);
    const isAllowed = requireResourceAccess(
      await authorizer.resourceAccess(credentials, permission),
      permission,
    );
    const tenant = await service.getTenant(req.params.tenant);
    if (!isAllowed(tenant)) {
      throw new NotFoundError(`No tenant named ${req.params.tenant}`);
    }
    return { tenant, credentials };
  }

  /** Whether the user may hand out or take away ownership of `tenant`. */
  function mayManageOwners(
    credentials: BackstageCredentials,
    tenant: StoredTenant,
  ): Promise<boolean> {
    return authorizer.isAllowed(
      credentials,
      tenantsOwnerManagePermission,
      tenant,
    );
  }

  /**
   * Runs a state change as exactly one audit event, created before the
   * permission check so denied attempts are on record too. The meta names
   * the tenant, the resource and (from the change) before/after/reason;
   * never a secret.
   */
  async function audited<T>(
    req: Request | undefined,
    eventId: string,
    severityLevel: AuditorServiceEventSeverityLevel,
    meta: JsonObject & { resourceType: string },
    change: () => Promise<Change<T>>,
  ): Promise<T> {
    const done = await auditedChange({
      auditor,
      eventId,
      severityLevel,
      meta,
      request: req,
      change,
      successMeta: ({ audit }) => audit,
    });
    return done.result;
  }

  const onTenant = (
    req: Request,
    resourceType: string,
    resourceId?: string,
  ) => ({
    tenant: req.params.tenant,
    resourceType,
    resourceId: resourceId ?? req.params.tenant,
  });

  /**
   * A state change on one tenant, audited (see `audited`) with the tenant and
   * the changed resource in the meta; the permission check and the loading of
   * the tenant run inside the event.
   */
  function tenantChange<T>(
    req: Request,
    event: {
      eventId: string;
      severity: AuditorServiceEventSeverityLevel;
      permission: ResourcePermission<typeof TENANT_RESOURCE_TYPE>;
      resourceType: string;
      resourceId?: string;
      meta?: JsonObject;
    },
    change: (
      tenant: StoredTenant,
      credentials: BackstageCredentials,
    ) => Promise<Change<T>>,
  ): Promise<T> {
    return audited(
      req,
      event.eventId,
      event.severity,
      {
        ...onTenant(req, event.resourceType, event.resourceId),
        ...event.meta,
      },
      async () => {
        const { tenant, credentials } = await tenantFor(req, event.permission);
        return change(tenant, credentials);
      },
    );
  }

  // ---------------------------------------------------------------- tenants

  router.get('/tenants', async (req, res) => {
    const credentials = await credentialsOf(req);
    const filter = await authorizer.listFilter(
      credentials,
      tenantsTenantReadPermission,
    );
    const q = req.query;
    res.json(
      await service.listTenants({
        q: typeof q.q === 'string' && q.q ? q.q : undefined,
        status: list<TenantStatus>(q.status),
        plan: list<TenantPlan>(q.plan),
        includeOffboarded: q.includeOffboarded === 'true',
        sort: (q.sort as TenantSort) ?? 'name',
        order: q.order === 'desc' ? 'desc' : 'asc',
        limit: limitOf(q.limit),
        cursor: cursorOf(q.cursor),
        filter,
      }),
    );
  });

  router.post('/tenants', async (req, res) => {
    const body = req.body;
    const result = await audited(
      req,
      'tenant-provision',
      'high',
      { tenant: body.name, resourceType: 'tenant', resourceId: body.name },
      async () => {
        const credentials = await authorizeBasic(
          req,
          tenantsTenantCreatePermission,
        );
        return service.provision(body, actorRef(credentials));
      },
    );
    res.status(201).json(result);
  });

  router.get('/tenants/:tenant', async (req, res) => {
    const { tenant } = await tenantFor(req, tenantsTenantReadPermission);
    const { settings: _s, passwordPolicy: _p, ...publicTenant } = tenant;
    res.json(publicTenant);
  });

  router.patch('/tenants/:tenant', async (req, res) => {
    res.json(
      await tenantChange(
        req,
        {
          eventId: 'tenant-update',
          severity: 'medium',
          permission: tenantsTenantUpdatePermission,
          resourceType: 'tenant',
        },
        tenant => service.updateTenant(tenant, req.body),
      ),
    );
  });

  router.put('/tenants/:tenant/plan', async (req, res) => {
    const { plan, reason } = req.body as { plan: TenantPlan; reason?: string };
    res.json(
      await tenantChange(
        req,
        {
          eventId: 'tenant-plan-change',
          severity: 'high',
          permission: tenantsTenantChangePlanPermission,
          resourceType: 'tenant',
          meta: reason ? { reason } : {},
        },
        tenant => service.changePlan(tenant, plan, reason),
      ),
    );
  });

  router.post('/tenants/:tenant/suspend', async (req, res) => {
    const { reason } = req.body as { reason: string };
    res.json(
      await tenantChange(
        req,
        {
          eventId: 'tenant-suspend',
          severity: 'critical',
          permission: tenantsTenantSuspendPermission,
          resourceType: 'tenant',
          meta: { reason },
        },
        tenant => service.suspend(tenant, reason),
      ),
    );
  });

  router.post('/tenants/:tenant/reactivate', async (req, res) => {
    const reason = (req.body as { reason?: string } | undefined)?.reason;
    res.json(
      await tenantChange(
        req,
        {
          eventId: 'tenant-reactivate',
          severity: 'high',
          permission: tenantsTenantSuspendPermission,
          resourceType: 'tenant',
          meta: reason ? { reason } : {},
        },
        tenant => service.reactivate(tenant, reason),
      ),
    );
  });

  router.post('/tenants/:tenant/offboard', async (req, res) => {
    const { reason } = req.body as { reason: string };
    res.json(
      await tenantChange(
        req,
        {
          eventId: 'tenant-offboard',
          severity: 'critical',
          permission: tenantsTenantOffboardPermission,
          resourceType: 'tenant',
          meta: { reason },
        },
        tenant => service.offboard(tenant, reason),
      ),
    );
  });

  // ----------------------------------- organization, password policy, SSO

  router.get('/tenants/:tenant/organization', async (req, res) => {
    const { tenant } = await tenantFor(req, tenantsOrganizationReadPermission);
    res.json(service.settings.organization(tenant));
  });

  router.put('/tenants/:tenant/organization', async (req, res) => {
    const body = req.body as {
      name?: string;
      settings?: Partial<OrganizationSettings>;
    };
    res.json(
      await tenantChange(
        req,
        {
          eventId: 'organization-update',
          severity: 'medium',
          permission: tenantsOrganizationUpdatePermission,
          resourceType: 'tenant-organization',
        },
        tenant =>
          service.settings.putOrganization(tenant, {
            displayName: body.name,
            settings: body.settings,
          }),
      ),
    );
  });

  router.get('/tenants/:tenant/password-policy', async (req, res) => {
    const { tenant } = await tenantFor(
      req,
      tenantsPasswordPolicyReadPermission,
    );
    res.json(tenant.passwordPolicy);
  });

  router.put('/tenants/:tenant/password-policy', async (req, res) => {
    res.json(
      await tenantChange(
        req,
        {
          eventId: 'password-policy-update',
          severity: 'medium',
          permission: tenantsPasswordPolicyUpdatePermission,
          resourceType: 'tenant-password-policy',
        },
        tenant =>
          service.settings.putPasswordPolicy(
            tenant,
            req.body as PasswordPolicy,
          ),
      ),
    );
  });

  router.get('/tenants/:tenant/sso', async (req, res) => {
    const { tenant } = await tenantFor(req, tenantsSsoReadPermission);
    const sso = await service.settings.getSso(tenant);
    if (!sso) {
      throw new NotFoundError(`Tenant ${tenant.name} has no SSO configuration`);
    }
    res.json(sso);
  });

  router.put('/tenants/:tenant/sso', async (req, res) => {
    const body = req.body as {
      issuerUrl: string;
      clientId: string;
      clientSecret?: string;
    };
    res.json(
      await tenantChange(
        req,
        {
          eventId: 'sso-update',
          severity: 'high',
          permission: tenantsSsoUpdatePermission,
          resourceType: 'tenant-sso',
        },
        tenant => service.settings.putSso(tenant, body),
      ),
    );
  });

  router.delete('/tenants/:tenant/sso', async (req, res) => {
    await tenantChange(
      req,
      {
        eventId: 'sso-delete',
        severity: 'high',
        permission: tenantsSsoUpdatePermission,
        resourceType: 'tenant-sso',
      },
      tenant => service.settings.deleteSso(tenant),
    );
    res.status(204).end();
  });

  // ------------------------------------------------------------------ users

  router.get('/tenants/:tenant/users', async (req, res) => {
    const { tenant } = await tenantFor(req, tenantsUserReadPermission);
    const q = req.query;
    res.json(
      await service.users.listUsers(tenant, {
        q: typeof q.q === 'string' && q.q ? q.q : undefined,
        role: list<TenantUserRole>(q.role),
        status: list<TenantUserStatus>(q.status),
        limit: limitOf(q.limit),
        cursor: cursorOf(q.cursor),
      }),
    );
  });

  router.get('/tenants/:tenant/users/:userId', async (req, res) => {
    const { tenant } = await tenantFor(req, tenantsUserReadPermission);
    res.json(await service.users.getUser(tenant, req.params.userId));
  });

  router.patch('/tenants/:tenant/users/:userId', async (req, res) => {
    res.json(
      await tenantChange(
        req,
        {
          eventId: 'user-update',
          severity: 'high',
          permission: tenantsUserUpdatePermission,
          resourceType: 'tenant-user',
          resourceId: req.params.userId,
        },
        async (tenant, credentials) =>
          service.users.updateUser(
            tenant,
            req.params.userId,
            req.body,
            await mayManageOwners(credentials, tenant),
          ),
      ),
    );
  });

  router.delete('/tenants/:tenant/users/:userId', async (req, res) => {
    await tenantChange(
      req,
      {
        eventId: 'user-delete',
        severity: 'high',
        permission: tenantsUserDeletePermission,
        resourceType: 'tenant-user',
        resourceId: req.params.userId,
      },
      async (tenant, credentials) =>
        service.users.deleteUser(
          tenant,
          req.params.userId,
          await mayManageOwners(credentials, tenant),
        ),
    );
    res.status(204).end();
  });

  // --------------------------------------------------------------- sessions

  router.get('/tenants/:tenant/users/:userId/sessions', async (req, res) => {
    const { tenant } = await tenantFor(req, tenantsSessionReadPermission);
    res.json(
      await service.sessions.listSessions(tenant, req.params.userId, {
        limit: limitOf(req.query.limit),
        cursor: cursorOf(req.query.cursor),
        activeOnly: req.query.active === 'true',
      }),
    );
  });

  router.delete('/tenants/:tenant/users/:userId/sessions', async (req, res) => {
    res.json(
      await tenantChange(
        req,
        {
          eventId: 'sessions-revoke-all',
          severity: 'medium',
          permission: tenantsSessionRevokePermission,
          resourceType: 'tenant-user',
          resourceId: req.params.userId,
        },
        tenant => service.sessions.revokeAllSessions(tenant, req.params.userId),
      ),
    );
  });

  router.delete(
    '/tenants/:tenant/users/:userId/sessions/:sessionId',
    async (req, res) => {
      res.json(
        await tenantChange(
          req,
          {
            eventId: 'session-revoke',
            severity: 'medium',
            permission: tenantsSessionRevokePermission,
            resourceType: 'tenant-session',
            resourceId: req.params.sessionId,
          },
          tenant =>
            service.sessions.revokeSession(
              tenant,
              req.params.userId,
              req.params.sessionId,
            ),
        ),
      );
    },
  );

  router.post('/sessions/check', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    res.json(
      await service.sessions.checkSession(
        (req.body as { token: string }).token,
      ),
    );
  });

  // ------------------------------------------------------------ invitations

  router.get('/tenants/:tenant/invitations', async (req, res) => {
    const { tenant } = await tenantFor(req, tenantsUserReadPermission);
    res.json(
      await service.invitations.listInvitations(tenant, {
        status: list<string>(req.query.status),
        limit: limitOf(req.query.limit),
        cursor: cursorOf(req.query.cursor),
      }),
    );
  });

  router.post('/tenants/:tenant/invitations', async (req, res) => {
    const body = req.body as { email: string; role: TenantUserRole };
    const invitation = await tenantChange(
      req,
      {
        eventId: 'invitation-create',
        severity: 'medium',
        permission: tenantsUserInvitePermission,
        resourceType: 'tenant-invitation',
        resourceId: body.email,
      },
      async (tenant, credentials) => {
        if (
          body.role === 'owner' &&
          !(await mayManageOwners(credentials, tenant))
        ) {
          throw new NotAllowedError(
            'Inviting an owner needs tenants.owner.manage',
          );
        }
        return service.invitations.invite(tenant, body, actorRef(credentials));
      },
    );
    res.status(201).json(invitation);
  });

  router.post(
    '/tenants/:tenant/invitations/:invitationId/resend',
    async (req, res) => {
      res.json(
        await tenantChange(
          req,
          {
            eventId: 'invitation-resend',
            severity: 'medium',
            permission: tenantsUserInvitePermission,
            resourceType: 'tenant-invitation',
            resourceId: req.params.invitationId,
          },
          tenant => service.invitations.resend(tenant, req.params.invitationId),
        ),
      );
    },
  );

  router.delete(
    '/tenants/:tenant/invitations/:invitationId',
    async (req, res) => {
      res.json(
        await tenantChange(
          req,
          {
            eventId: 'invitation-revoke',
            severity: 'medium',
            permission: tenantsUserInvitePermission,
            resourceType: 'tenant-invitation',
            resourceId: req.params.invitationId,
          },
          tenant =>
            service.invitations.revokeInvitation(
              tenant,
              req.params.invitationId,
            ),
        ),
      );
    },
  );

  router.post('/invitations/accept', async (req, res) => {
    const { token, displayName } = req.body as {
      token: string;
      displayName?: string;
    };
    // The token is the credential: no sign-in, and it is never audited.
    const user = await audited(
      req,
      'invitation-accept',
      'medium',
      { resourceType: 'tenant-invitation' },
      () => service.invitations.accept(token, displayName),
    );
    res.status(201).json(user);
  });

  // --------------------------------------------------------- impersonations

  router.get('/impersonations', async (req, res) => {
    const credentials = await credentialsOf(req);
    const filter = await authorizer.listFilter(
      credentials,
      tenantsImpersonationReadPermission,
    );
    res.json(
      await service.sessions.listActiveImpersonations({
        tenant:
          typeof req.query.tenant === 'string' ? req.query.tenant : undefined,
        filter,
        limit: limitOf(req.query.limit),
        cursor: cursorOf(req.query.cursor),
      }),
    );
  });

  router.post('/impersonations', async (req, res) => {
    const body = req.body as {
      tenant: string;
      userId: string;
      reason: string;
      durationMinutes?: number;
    };
    const started = await audited(
      req,
      'impersonation-start',
      'critical',
      {
        tenant: body.tenant,
        resourceType: 'tenant-impersonation',
        resourceId: body.userId,
        reason: body.reason,
      },
      async () => {
        const credentials = await authorizeBasic(
          req,
          tenantsImpersonationStartPermission,
        );
        return service.sessions.startImpersonation(actorRef(credentials), body);
      },
    );
    res.status(201).json(started);
  });

  router.delete('/impersonations/:impersonationId', async (req, res) => {
    const { impersonationId } = req.params;
    res.json(
      await audited(
        req,
        'impersonation-end',
        'critical',
        { resourceType: 'tenant-impersonation', resourceId: impersonationId },
        async () => {
          const credentials = await authorizeBasic(
            req,
            tenantsImpersonationStartPermission,
          );
          return service.sessions.stopImpersonation(
            impersonationId,
            actorRef(credentials),
          );
        },
      ),
    );
  });

  return router;
}

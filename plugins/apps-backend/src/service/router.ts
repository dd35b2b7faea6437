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
import { JsonObject } from '@backstage/types';
import {
  APP_RESOURCE_TYPE,
  AppCredential,
  appsAppCreatePermission,
  appsAppDisablePermission,
  appsAppReadPermission,
  appsAppUpdatePermission,
  AppStatus,
  appsCredentialCreatePermission,
  appsCredentialReadPermission,
  appsCredentialRevokePermission,
  appsCredentialRotatePermission,
  appsUsageReadPermission,
  CredentialStatus,
  ManagedApp,
  RateLimitRule,
  UsageReport,
} from '@controlplane/plugin-apps-common';
import {
  actorRef,
  assertBasicAllowed,
  auditedChange,
  requireResourceAccess,
  ResourceAuthorizer,
} from '@controlplane/backend-common';
import express, { Request, Router } from 'express';
import {
  AppPatch,
  AppsService,
  AuditFacts,
  Change,
  NewApp,
  NewCredential,
} from './AppsService';

export type AppAuthorizer = ResourceAuthorizer<
  ManagedApp,
  typeof APP_RESOURCE_TYPE
>;

export interface RouterOptions {
  service: AppsService;
  authorizer: AppAuthorizer;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}

type AppPermission = ResourcePermission<typeof APP_RESOURCE_TYPE>;

const text = (value: unknown) =>
  typeof value === 'string' && value ? value : undefined;
const limitOf = (value: unknown) =>
  typeof value === 'string' ? Number(value) : 50;

/** Whether an If-None-Match header names the revision (`"7"`, `W/"7"`, `*`). */
function matchesRevision(header: string | undefined, revision: string) {
  if (!header) return false;
  return header
    .split(',')
    .map(tag => tag.trim().replace(/^W\//, ''))
    .some(tag => tag === '*' || tag === `"${revision}"`);
}

/** HTTP only: parse, authorize, call the service, audit, answer. */
export function createRouter(options: RouterOptions): Router {
  const { service, authorizer, httpAuth, permissions, auditor } = options;
  const router = createOpenApiRouter({
    middleware: [express.json({ limit: '1mb' })],
  });

  const credentialsOf = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  /** Internal endpoints: Backstage service principals only (users: 403). */
  const serviceOnly = (req: Request) =>
    httpAuth.credentials(req, { allow: ['service'] });

  async function authorizeBasic(req: Request, permission: BasicPermission) {
    const credentials = await credentialsOf(req);
    await assertBasicAllowed(permissions, credentials, permission);
    return credentials;
  }

  /**
   * Checks the permission (403 when not allowed at all) and loads the app;
   * an app out of the caller's scope is a 404 like a missing one.
   */
  async function appFor(
    req: Request,
    permission: AppPermission,
    id: string,
  ): Promise<{
    app: ManagedApp;
    credentials: BackstageCredentials;
    isAllowed: (app: ManagedApp) => boolean;
  }> {
    const credentials = await credentialsOf(req);
    const isAllowed = requireResourceAccess(
      await authorizer.resourceAccess(credentials, permission),
      permission,
    );
    const app = await service.getApp(id);
    if (!isAllowed(app)) throw new NotFoundError(`No app with id ${id}`);
    return { app, credentials, isAllowed };
  }

  /** Like {@link appFor} for a credential, checked on its app. */
  async function credentialFor(
    req: Request,
    permission: AppPermission,
  ): Promise<{
    credential: AppCredential;
    app: ManagedApp;
    credentials: BackstageCredentials;
  }> {
    const credentials = await credentialsOf(req);
    const isAllowed = requireResourceAccess(
      await authorizer.resourceAccess(credentials, permission),
      permission,
    );
    const { credential, app } = await service.getCredential(req.params.keyId);
    if (!isAllowed(app)) {
      throw new NotFoundError(`No API key with id ${req.params.keyId}`);
    }
    return { credential, app, credentials };
  }

  /**
   * A state change as exactly one audit event, created before the
   * permission check so denied attempts are on record too. The meta never
   * holds a secret or a hash.
   */
  async function audited<T>(
    req: Request,
    eventId: string,
    severityLevel: AuditorServiceEventSeverityLevel,
    meta: AuditFacts,
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

  function appChange<T>(
    req: Request,
    eventId: string,
    severity: AuditorServiceEventSeverityLevel,
    permission: AppPermission,
    change: (
      app: ManagedApp,
      credentials: BackstageCredentials,
      isAllowed: (app: ManagedApp) => boolean,
    ) => Promise<Change<T>>,
    meta: JsonObject = {},
  ): Promise<T> {
    return audited(
      req,
      eventId,
      severity,
      { resourceType: 'app', resourceId: req.params.id, ...meta },
      async () => {
        const { app, credentials, isAllowed } = await appFor(
          req,
          permission,
          req.params.id,
        );
        return change(app, credentials, isAllowed);
      },
    );
  }

  function credentialChange<T>(
    req: Request,
    eventId: string,
    permission: AppPermission,
    change: (
      credential: AppCredential,
      app: ManagedApp,
      credentials: BackstageCredentials,
    ) => Promise<Change<T>>,
    meta: JsonObject = {},
  ): Promise<T> {
    return audited(
      req,
      eventId,
      'high',
      { resourceType: 'app-credential', resourceId: req.params.keyId, ...meta },
      async () => {
        const { credential, app, credentials } = await credentialFor(
          req,
          permission,
        );
        return change(credential, app, credentials);
      },
    );
  }

  // ------------------------------------------------------------------- apps

  router.get('/apps', async (req, res) => {
    const credentials = await credentialsOf(req);
    const filter = await authorizer.listFilter(
      credentials,
      appsAppReadPermission,
    );
    const q = req.query;
    res.json(
      await service.listApps({
        search: text(q.search),
        status: text(q.status) as AppStatus | undefined,
        tenant: text(q.tenant),
        limit: limitOf(q.limit),
        cursor: text(q.cursor),
        filter,
      }),
    );
  });

  router.post('/apps', async (req, res) => {
    const body = req.body as NewApp;
    const app = await audited(
      req,
      'app.registered',
      'high',
      { resourceType: 'app', resourceId: body.name, app: body.name },
      async () => {
        const credentials = await authorizeBasic(req, appsAppCreatePermission);
        return service.register(body, actorRef(credentials));
      },
    );
    res.status(201).json(app);
  });

  router.get('/apps/:id', async (req, res) => {
    const { app } = await appFor(req, appsAppReadPermission, req.params.id);
    res.json(app);
  });

  router.patch('/apps/:id', async (req, res) => {
    res.json(
      await appChange(
        req,
        'app.updated',
        'high',
        appsAppUpdatePermission,
        (app, _credentials, isAllowed) => {
          const patch = req.body as AppPatch;
          // A member scoped to tenants may not make the app reach a tenant
          // outside their scope (nor leave it with none).
          if (patch.tenants && !isAllowed({ ...app, tenants: patch.tenants })) {
            throw new NotAllowedError(
              'You may only make an app serve tenants within your scope',
            );
          }
          return service.update(app, patch);
        },
      ),
    );
  });

  router.post('/apps/:id/disable', async (req, res) => {
    const { reason } = req.body as { reason: string };
    res.json(
      await appChange(
        req,
        'app.disabled',
        'critical',
        appsAppDisablePermission,
        app => service.disable(app, reason),
        { reason },
      ),
    );
  });

  router.post('/apps/:id/enable', async (req, res) => {
    res.json(
      await appChange(
        req,
        'app.enabled',
        'high',
        appsAppDisablePermission,
        app => service.enable(app),
      ),
    );
  });

  router.put('/apps/:id/rate-limits', async (req, res) => {
    const { rules } = req.body as { rules: RateLimitRule[] };
    res.json(
      await appChange(
        req,
        'ratelimits.updated',
        'high',
        appsAppUpdatePermission,
        app => service.setRateLimits(app, rules),
      ),
    );
  });

  // ------------------------------------------------------------ credentials

  router.post('/apps/:id/api-keys', async (req, res) => {
    const body = req.body as NewCredential;
    const issued = await appChange(
      req,
      'credential.issued',
      'high',
      appsCredentialCreatePermission,
      (app, credentials) => service.issue(app, body, actorRef(credentials)),
      { resourceType: 'app-credential', appId: req.params.id },
    );
    res.status(201).json(issued);
  });

  router.get('/api-keys', async (req, res) => {
    const credentials = await credentialsOf(req);
    const filter = await authorizer.listFilter(
      credentials,
      appsCredentialReadPermission,
    );
    const q = req.query;
    res.json(
      await service.listCredentials({
        appId: text(q.appId),
        status: text(q.status) as CredentialStatus | undefined,
        limit: limitOf(q.limit),
        cursor: text(q.cursor),
        filter,
      }),
    );
  });

  router.get('/api-keys/:keyId', async (req, res) => {
    const { credential } = await credentialFor(
      req,
      appsCredentialReadPermission,
    );
    res.json(credential);
  });

  router.post('/api-keys/:keyId/rotate', async (req, res) => {
    const grace =
      (req.body as { gracePeriodHours?: number } | undefined)
        ?.gracePeriodHours ?? 24;
    res.json(
      await credentialChange(
        req,
        'credential.rotated',
        appsCredentialRotatePermission,
        (credential, app) => service.rotate(credential, app, grace),
        { gracePeriodHours: grace },
      ),
    );
  });

  router.delete('/api-keys/:keyId', async (req, res) => {
    res.json(
      await credentialChange(
        req,
        'credential.revoked',
        appsCredentialRevokePermission,
        (credential, app, credentials) =>
          service.revoke(credential, app, actorRef(credentials)),
      ),
    );
  });

  router.get('/api-keys/:keyId/usage', async (req, res) => {
    const { credential } = await credentialFor(req, appsUsageReadPermission);
    res.json(await service.usage(credential, text(req.query.period) ?? '30d'));
  });

  // --------------------------------------------------------------- internal

  router.get('/credentials/snapshot', async (req, res) => {
    await serviceOnly(req);
    res.setHeader('Cache-Control', 'no-cache');
    // Cheap revalidation: one row read before building anything.
    const revision = await service.revision();
    if (matchesRevision(req.header('if-none-match'), revision)) {
      res.setHeader('ETag', `"${revision}"`);
      res.status(304).end();
      return;
    }
    const snapshot = await service.snapshot();
    res.setHeader('ETag', `"${snapshot.revision}"`);
    res.json(snapshot);
  });

  router.post('/usage', async (req, res) => {
    await serviceOnly(req);
    await service.recordUsage(req.body as UsageReport);
    res.status(204).end();
  });

  router.get('/entities', async (req, res) => {
    await serviceOnly(req);
    res.json({ entities: await service.entities() });
  });

  return router;
}

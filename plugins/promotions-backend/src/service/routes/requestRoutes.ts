import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import {
  AnyRequest,
  assertBasicAllowed,
  ColumnFilter,
  limitOf,
  loadAuthorized,
  requireResourceAccess,
} from '@controlplane/backend-common';
import {
  PromotionRequest,
  promotionRequestResourceType,
  promotionsFreezeOverridePermission,
  promotionsRequestApprovePermission,
  promotionsRequestCreatePermission,
  promotionsRequestReadPermission,
  promotionsRequestRejectPermission,
} from '@controlplane/plugin-promotions-common';
import { PermissionsService } from '@backstage/backend-plugin-api';
import { OPEN_STATUSES } from '../../database/RequestsStore';
import { StoredRequest } from '../../database/rows';
import { GovernanceService } from '../GovernanceService';
import { Actor, inApproverGroups, RequestsService } from '../RequestsService';
import { actorOf, idMeta, PromotionsRouter, RouteDeps } from './types';

/** Requests: list, ask, decide, withdraw, evidence, overrides. */
export function requestRoutes(
  router: PromotionsRouter,
  deps: RouteDeps & {
    requests: RequestsService;
    governance: GovernanceService;
    permissions: PermissionsService;
  },
) {
  const { helpers, authorizer, appCredentials, requests } = deps;

  /** The request, if the caller may read it (404 otherwise, 403 if none). */
  async function readable(req: AnyRequest, id: string) {
    const credentials = await helpers.credentialsOf(req);
    const { resource } = await loadAuthorized({
      authorizer,
      credentials,
      permission: promotionsRequestReadPermission,
      load: async () => {
        const request = await requests.get(id);
        if (!request) throw new NotFoundError(`No promotion request ${id}`);
        return request;
      },
      notFound: `No promotion request ${id}`,
    });
    return {
      credentials,
      request: resource as StoredRequest,
      actor: await actorOf(deps.userInfo, credentials),
    };
  }

  /** What the caller may do with the request now (the page's buttons). */
  async function allowedFor(
    credentials: BackstageCredentials,
    actor: Actor,
    request: StoredRequest,
    frozen: boolean,
  ): Promise<NonNullable<PromotionRequest['allowed']>> {
    const [approve, reject] = await Promise.all([
      authorizer.isAllowed(
        credentials,
        promotionsRequestApprovePermission,
        request,
      ),
      authorizer.isAllowed(
        credentials,
        promotionsRequestRejectPermission,
        request,
      ),
    ]);
    const [override] = await deps.permissions.authorize(
      [{ permission: promotionsFreezeOverridePermission }],
      { credentials },
    );
    const mayOverride = override.result === AuthorizeResult.ALLOW;
    const requested = request.status === 'requested';
    const open = OPEN_STATUSES.includes(request.status);
    const own = request.requestedBy === actor.ref;
    return {
      approve:
        requested &&
        approve &&
        !own &&
        inApproverGroups(request, actor) &&
        !(await requests.hasApproved(request.id, actor.ref)),
      reject: requested && reject && !own,
      withdraw: open && own,
      addEvidence: requested && own,
      override: open && frozen && !request.override && mayOverride,
      approveOverride:
        open &&
        !!request.override &&
        !request.override.approvedBy &&
        mayOverride &&
        !own &&
        request.override.requestedBy !== actor.ref,
    };
  }

  /** The request as one answer: decisions, freezes, what the caller may do. */
  async function detailed(
    credentials: BackstageCredentials,
    actor: Actor,
    request: StoredRequest,
  ): Promise<PromotionRequest> {
    const open = OPEN_STATUSES.includes(request.status);
    const [decisions, freezes] = await Promise.all([
      requests.decisionsOf(request.id),
      open
        ? deps.governance.blocking({
            target: request.target,
            tenant: request.tenant,
            environment: request.targetEnvironment,
          })
        : Promise.resolve([]),
    ]);
    return {
      ...request,
      decisions,
      freezes,
      allowed: await allowedFor(
        credentials,
        actor,
        request,
        freezes.length > 0,
      ),
    };
  }

  router.get('/requests', async (req, res) => {
    const credentials = await helpers.credentialsOf(req);
    const filter = await authorizer.listFilter(
      credentials,
      promotionsRequestReadPermission,
    );
    const actor = await actorOf(deps.userInfo, credentials);
    let inbox = undefined as
      | { filter: typeof filter; actor: Actor }
      | undefined;
    if (req.query.decidable === 'true') {
      const access = await authorizer.listAccess(
        credentials,
        promotionsRequestApprovePermission,
      );
      // Not an approver: nothing waits for them (an empty inbox, not a 403).
      if (!access.allowed) {
        res.json({ items: [] });
        return;
      }
      inbox = { filter: access.filter, actor };
    }
    const filters = [filter, inbox?.filter].filter(
      (f): f is PermissionCriteria<ColumnFilter> => f !== undefined,
    );
    res.json(
      await requests.page({
        statuses: req.query.status,
        environment: req.query.environment,
        target: req.query.target,
        tenant: req.query.tenant,
        requestedBy: req.query.mine === 'true' ? actor.ref : undefined,
        decidableBy: inbox?.actor,
        decidedSince: req.query.decidedSince,
        limit: limitOf(req.query.limit),
        cursor: req.query.cursor,
        filter:
          filters.length > 1
            ? { allOf: [filters[0], ...filters.slice(1)] }
            : filters[0],
      }),
    );
  });

  router.post('/requests', async (req, res) => {
    const app = appCredentials.caller(req);
    const request = await helpers.audited(
      req,
      {
        eventId: 'request-create',
        severityLevel:
          req.body.sourceEnvironment === 'staging' ? 'high' : 'medium',
        meta: {
          resourceType: promotionRequestResourceType,
          resourceId: `${req.body.target}@${req.body.version}`,
          tenant: req.body.tenant,
        },
      },
      async () => {
        if (app) {
          appCredentials.assertTenant(req, req.body.tenant);
          return requests.create(
            await requests.draft(req.body, `app:${app.appName}`),
          );
        }
        const credentials = await helpers.credentialsOf(req);
        // 403 before anything about the deployment state is told.
        const mayCreate = requireResourceAccess(
          await authorizer.resourceAccess(
            credentials,
            promotionsRequestCreatePermission,
          ),
          promotionsRequestCreatePermission,
        );
        const draft = await requests.draft(
          req.body,
          (
            await actorOf(deps.userInfo, credentials)
          ).ref,
        );
        // On the request about to exist: a member scoped to acme asks in
        // acme only.
        if (!mayCreate(draft)) {
          throw new NotAllowedError(
            `You are not allowed ${promotionsRequestCreatePermission.name} in ${draft.tenant}`,
          );
        }
        return requests.create(draft);
      },
    );
    res.status(201).json(request);
  });

  router.get('/requests/:id', async (req, res) => {
    const { credentials, actor, request } = await readable(req, req.params.id);
    res.json(await detailed(credentials, actor, request));
  });

  router.post('/requests/:id/evidence', async (req, res) => {
    const app = appCredentials.caller(req);
    const updated = await helpers.audited(
      req,
      {
        eventId: 'request-evidence',
        severityLevel: 'medium',
        meta: idMeta(req.params.id),
      },
      async () => {
        if (app) {
          const request = await requests.get(req.params.id);
          if (!request || !app.tenants.includes(request.tenant)) {
            throw new NotFoundError(`No promotion request ${req.params.id}`);
          }
          return requests.addEvidence(request.id, req.body, {
            ref: `app:${app.appName}`,
          });
        }
        const { credentials, actor, request } = await readable(
          req,
          req.params.id,
        );
        if (
          request.requestedBy !== actor.ref ||
          !(await authorizer.isAllowed(
            credentials,
            promotionsRequestCreatePermission,
            request,
          ))
        ) {
          throw new NotAllowedError(
            'Only the requester (or CI for the tenant) adds evidence',
          );
        }
        return requests.addEvidence(request.id, req.body, actor);
      },
    );
    res.json(updated);
  });

  /**
   * The request a user decides with `permission`: never their own (403,
   * also for platform admins), then the permission with its conditions.
   */
  async function decidable(
    req: AnyRequest,
    id: string,
    permission: typeof promotionsRequestApprovePermission,
  ) {
    const { credentials, actor, request } = await readable(req, id);
    if (request.requestedBy === actor.ref) {
      throw new NotAllowedError('Nobody may decide their own request');
    }
    if (!(await authorizer.isAllowed(credentials, permission, request))) {
      throw new NotAllowedError(`You are not allowed ${permission.name}`);
    }
    return { actor, request };
  }

  router.post('/requests/:id/approve', async (req, res) => {
    res.json(
      await helpers.audited(
        req,
        {
          eventId: 'request-approve',
          severityLevel: 'high',
          meta: idMeta(req.params.id),
        },
        async () => {
          const { actor, request } = await decidable(
            req,
            req.params.id,
            promotionsRequestApprovePermission,
          );
          return requests.approve(request.id, actor, req.body.comment);
        },
      ),
    );
  });

  router.post('/requests/:id/reject', async (req, res) => {
    res.json(
      await helpers.audited(
        req,
        {
          eventId: 'request-reject',
          severityLevel: 'high',
          meta: idMeta(req.params.id),
        },
        async () => {
          const { actor, request } = await decidable(
            req,
            req.params.id,
            promotionsRequestRejectPermission,
          );
          return requests.reject(request.id, actor, req.body.reason.trim());
        },
      ),
    );
  });

  router.post('/requests/:id/withdraw', async (req, res) => {
    const withdrawn = await helpers.audited(
      req,
      {
        eventId: 'request-withdraw',
        severityLevel: 'medium',
        meta: idMeta(req.params.id),
      },
      async () => {
        const { actor, request } = await readable(req, req.params.id);
        return requests.withdraw(request.id, actor, req.body.reason);
      },
    );
    res.json(withdrawn);
  });

  router.post('/requests/:id/override', async (req, res) => {
    const asked = await helpers.audited(
      req,
      {
        eventId: 'request-override-request',
        severityLevel: 'critical',
        meta: idMeta(req.params.id),
      },
      async () => {
        const { credentials, actor, request } = await readable(
          req,
          req.params.id,
        );
        await assertBasicAllowed(
          deps.permissions,
          credentials,
          promotionsFreezeOverridePermission,
        );
        return requests.requestOverride(
          request.id,
          actor,
          req.body.reason.trim(),
        );
      },
    );
    res.json(asked);
  });

  router.post('/requests/:id/override/approve', async (req, res) => {
    const approved = await helpers.audited(
      req,
      {
        eventId: 'request-override-approve',
        severityLevel: 'critical',
        meta: idMeta(req.params.id),
      },
      async () => {
        const { credentials, actor, request } = await readable(
          req,
          req.params.id,
        );
        await assertBasicAllowed(
          deps.permissions,
          credentials,
          promotionsFreezeOverridePermission,
        );
        return requests.approveOverride(request.id, actor, req.body.comment);
      },
    );
    res.json(approved);
  });
}

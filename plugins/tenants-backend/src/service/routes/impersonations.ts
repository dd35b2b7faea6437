import { actorRef, limitOf } from '@controlplane/backend-common';
import {
  tenantsImpersonationReadPermission,
  tenantsImpersonationStartPermission,
} from '@controlplane/plugin-tenants-common';
import type { TenantsRouteDeps, TenantsRouter } from '../router';

/** Support impersonations: the active ones, start and stop. */
export function impersonationsRoutes(
  router: TenantsRouter,
  deps: TenantsRouteDeps,
) {
  const { service, authorizer, credentialsOf, authorizeBasic, audited } = deps;

  router.get('/impersonations', async (req, res) => {
    const credentials = await credentialsOf(req);
    const filter = await authorizer.listFilter(
      credentials,
      tenantsImpersonationReadPermission,
    );
    res.json(
      await service.sessions.listActiveImpersonations({
        tenant: req.query.tenant,
        filter,
        limit: limitOf(req.query.limit),
        cursor: req.query.cursor,
      }),
    );
  });

  router.post('/impersonations', async (req, res) => {
    const body = req.body;
    const started = await audited(
      req,
      {
        eventId: 'impersonation-start',
        severityLevel: 'critical',
        meta: {
          tenant: body.tenant,
          resourceType: 'tenant-impersonation',
          resourceId: body.userId,
          reason: body.reason,
        },
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
        {
          eventId: 'impersonation-end',
          severityLevel: 'critical',
          meta: {
            resourceType: 'tenant-impersonation',
            resourceId: impersonationId,
          },
        },
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
}

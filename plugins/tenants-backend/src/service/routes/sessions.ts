import { NotAllowedError } from '@backstage/errors';
import { limitOf } from '@controlplane/backend-common';
import {
  tenantsSessionReadPermission,
  tenantsSessionRevokePermission,
} from '@controlplane/plugin-tenants-common';
import type { TenantsRouteDeps, TenantsRouter } from '../router';

/** Users' sessions: list and revoke; the session check for other plugins. */
export function sessionsRoutes(router: TenantsRouter, deps: TenantsRouteDeps) {
  const {
    service,
    serviceCredentialsOf,
    pluginCredentialsOf,
    loadTenant,
    tenantChange,
    sessionCheckPlugins,
  } = deps;

  router.get('/tenants/:tenant/users/:userId/sessions', async (req, res) => {
    const { tenant } = await loadTenant(req, tenantsSessionReadPermission);
    res.json(
      await service.sessions.listSessions(tenant, req.params.userId, {
        limit: limitOf(req.query.limit),
        cursor: req.query.cursor,
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
          severityLevel: 'medium',
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
            severityLevel: 'medium',
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

  // Least privilege: only the plugins named in tenants.sessions.checkPlugins,
  // not any backend that holds a service token.
  router.post('/sessions/check', async (req, res) => {
    if (sessionCheckPlugins.length === 0) {
      await serviceCredentialsOf(req);
      throw new NotAllowedError(
        'No plugin may check tenant sessions; name it in tenants.sessions.checkPlugins',
      );
    }
    await pluginCredentialsOf(req, sessionCheckPlugins);
    res.json(await service.sessions.checkSession(req.body.token));
  });
}

import { actorRef } from '@controlplane/backend-common';
import {
  incidentsMaintenanceManagePermission,
  incidentsMaintenanceOverridePermission,
} from '@controlplane/plugin-incidents-common';
import { MaintenanceService } from '../MaintenanceService';
import { IncidentsRouter, RouteHelpers } from './types';

const meta = (id: string) => ({
  resourceType: 'maintenance-window',
  resourceId: id,
});

/** Maintenance windows, the "is it blocked" question and overrides. */
export function maintenanceRoutes(
  router: IncidentsRouter,
  deps: { helpers: RouteHelpers; maintenance: MaintenanceService },
) {
  const { helpers, maintenance } = deps;

  router.get('/maintenance', async (req, res) => {
    await helpers.credentialsOf(req);
    res.json({ items: await maintenance.list(req.query.all === 'true') });
  });

  router.get('/maintenance/blocked', async (req, res) => {
    await helpers.credentialsOf(req);
    res.json(
      await maintenance.blocked(
        req.query.operation,
        req.query.environment,
        req.query.tenant,
      ),
    );
  });

  router.post('/maintenance', async (req, res) => {
    const window = await helpers.auditedBasic(
      req,
      {
        eventId: 'maintenance-schedule',
        severityLevel: 'high',
        meta: {
          resourceType: 'maintenance-window',
          resourceId: req.body.title.slice(0, 100),
          ...(req.body.tenant ? { tenant: req.body.tenant } : {}),
        },
      },
      incidentsMaintenanceManagePermission,
      credentials => maintenance.schedule(req.body, actorRef(credentials)),
    );
    res.status(201).json(window);
  });

  router.post('/maintenance/:id/cancel', async (req, res) => {
    res.json(
      await helpers.auditedBasic(
        req,
        {
          eventId: 'maintenance-cancel',
          severityLevel: 'high',
          meta: meta(req.params.id),
        },
        incidentsMaintenanceManagePermission,
        credentials => maintenance.cancel(req.params.id, actorRef(credentials)),
      ),
    );
  });

  router.post('/maintenance/:id/overrides', async (req, res) => {
    const window = await helpers.auditedBasic(
      req,
      {
        eventId: 'maintenance-override-request',
        severityLevel: 'critical',
        meta: meta(req.params.id),
      },
      incidentsMaintenanceOverridePermission,
      credentials =>
        maintenance.requestOverride(
          req.params.id,
          req.body.operation,
          req.body.reason,
          actorRef(credentials),
        ),
    );
    res.status(201).json(window);
  });

  router.post(
    '/maintenance/:id/overrides/:overrideId/approve',
    async (req, res) => {
      res.json(
        await helpers.auditedBasic(
          req,
          {
            eventId: 'maintenance-override-approve',
            severityLevel: 'critical',
            meta: meta(req.params.id),
          },
          incidentsMaintenanceOverridePermission,
          credentials =>
            maintenance.approveOverride(
              req.params.id,
              req.params.overrideId,
              actorRef(credentials),
            ),
        ),
      );
    },
  );
}

import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  actorRef,
  AnyRequest,
  limitOf,
  loadAuthorized,
  requireResourceAccess,
} from '@controlplane/backend-common';
import {
  Incident,
  incidentResourceType,
  incidentsIncidentCreatePermission,
  incidentsIncidentReadPermission,
  incidentsIncidentUpdatePermission,
  transitionsFrom,
} from '@controlplane/plugin-incidents-common';
import { StoredIncident } from '../../database/rows';
import { IncidentsService } from '../IncidentsService';
import { RelatedChanges } from '../RelatedChanges';
import { IncidentAuthorizer, IncidentsRouter, RouteHelpers } from './types';

const meta = (id: string) => ({
  resourceType: incidentResourceType,
  resourceId: id,
});

/** Incidents: the queue, opening, working, comments, the timeline, signals. */
export function incidentRoutes(
  router: IncidentsRouter,
  deps: {
    helpers: RouteHelpers;
    authorizer: IncidentAuthorizer;
    incidents: IncidentsService;
    related: RelatedChanges;
  },
) {
  const { helpers, authorizer, incidents } = deps;

  /** The incident, for `permission` (404 when out of reach, 403 if none). */
  async function load(
    req: AnyRequest,
    id: string,
    permission = incidentsIncidentReadPermission,
  ) {
    const credentials = await helpers.credentialsOf(req);
    const { resource } = await loadAuthorized({
      authorizer,
      credentials,
      permission,
      load: async () => {
        const incident = await incidents.get(id);
        if (!incident) throw new NotFoundError(`No incident ${id}`);
        return incident;
      },
      notFound: `No incident ${id}`,
    });
    return { credentials, incident: resource as StoredIncident };
  }

  async function allowedFor(
    credentials: BackstageCredentials,
    incident: StoredIncident,
  ): Promise<NonNullable<Incident['allowed']>> {
    const [update, create] = await Promise.all([
      authorizer.isAllowed(
        credentials,
        incidentsIncidentUpdatePermission,
        incident,
      ),
      authorizer.isAllowed(
        credentials,
        incidentsIncidentCreatePermission,
        incident,
      ),
    ]);
    return {
      update,
      comment: update || create,
      transitions: update ? transitionsFrom(incident.status) : [],
    };
  }

  router.get('/incidents', async (req, res) => {
    const credentials = await helpers.credentialsOf(req);
    const filter = await authorizer.listFilter(
      credentials,
      incidentsIncidentReadPermission,
    );
    const { assignee } = req.query;
    const assigneeFilter: Record<string, string | null | undefined> = {
      me: actorRef(credentials),
      none: null,
    };
    res.json(
      await incidents.page({
        statuses: req.query.status,
        severities: req.query.severity,
        tenant: req.query.tenant,
        category: req.query.category,
        source: req.query.source,
        entity: req.query.entity,
        assignee:
          assignee && assignee in assigneeFilter
            ? assigneeFilter[assignee]
            : assignee || undefined,
        limit: limitOf(req.query.limit),
        cursor: req.query.cursor,
        filter,
      }),
    );
  });

  router.get('/platform-summary', async (req, res) => {
    await helpers.pluginCredentialsOf(req, ['platform-health']);
    res.json(await incidents.platformSummary(new Date()));
  });

  router.get('/incidents/summary', async (req, res) => {
    const credentials = await helpers.credentialsOf(req);
    const filter = await authorizer.listFilter(
      credentials,
      incidentsIncidentReadPermission,
    );
    res.json(await incidents.summary(filter));
  });

  router.post('/incidents', async (req, res) => {
    const incident = await helpers.audited(
      req,
      {
        eventId: 'incident-open',
        severityLevel: 'medium',
        meta: {
          resourceType: incidentResourceType,
          resourceId: req.body.title.slice(0, 100),
          ...(req.body.tenant ? { tenant: req.body.tenant } : {}),
        },
      },
      async () => {
        const credentials = await helpers.credentialsOf(req);
        const mayCreate = requireResourceAccess(
          await authorizer.resourceAccess(
            credentials,
            incidentsIncidentCreatePermission,
          ),
          incidentsIncidentCreatePermission,
        );
        const draft = incidents.draft(req.body, actorRef(credentials));
        // A tenant admin opens tickets of their tenant only.
        if (!mayCreate(draft)) {
          throw new NotAllowedError(
            `You are not allowed ${incidentsIncidentCreatePermission.name}${
              draft.tenant ? ` in ${draft.tenant}` : ' for the platform'
            }`,
          );
        }
        return incidents.create(draft);
      },
    );
    res.status(201).json(incident);
  });

  router.get('/incidents/:id', async (req, res) => {
    const { credentials, incident } = await load(req, req.params.id);
    res.json({
      ...incident,
      allowed: await allowedFor(credentials, incident),
    });
  });

  router.patch('/incidents/:id', async (req, res) => {
    res.json(
      await helpers.audited(
        req,
        {
          eventId: 'incident-update',
          severityLevel: 'medium',
          meta: meta(req.params.id),
        },
        async () => {
          const { credentials, incident } = await load(
            req,
            req.params.id,
            incidentsIncidentUpdatePermission,
          );
          return incidents.update(incident.id, req.body, actorRef(credentials));
        },
      ),
    );
  });

  router.post('/incidents/:id/transition', async (req, res) => {
    res.json(
      await helpers.audited(
        req,
        {
          eventId: `incident-${req.body.action}`,
          severityLevel: 'medium',
          meta: meta(req.params.id),
        },
        async () => {
          const { credentials, incident } = await load(
            req,
            req.params.id,
            incidentsIncidentUpdatePermission,
          );
          return incidents.transition(
            incident.id,
            req.body.action,
            actorRef(credentials),
            req.body.note,
          );
        },
      ),
    );
  });

  router.post('/incidents/:id/comments', async (req, res) => {
    const entry = await helpers.audited(
      req,
      {
        eventId: 'incident-comment',
        severityLevel: 'low',
        meta: meta(req.params.id),
      },
      async () => {
        const { credentials, incident } = await load(req, req.params.id);
        if (!(await allowedFor(credentials, incident)).comment) {
          throw new NotAllowedError(
            'You may not comment on this incident: you neither work it nor open tickets in its tenant',
          );
        }
        return incidents.comment(
          incident.id,
          req.body.body,
          actorRef(credentials),
        );
      },
    );
    res.status(201).json(entry);
  });

  router.get('/incidents/:id/timeline', async (req, res) => {
    const { incident } = await load(req, req.params.id);
    const hoursBefore = req.query.hoursBefore
      ? Number(req.query.hoursBefore)
      : 24;
    const [own, related] = await Promise.all([
      incidents.timeline(incident.id),
      deps.related.around(incident, hoursBefore),
    ]);
    res.json({
      items: [...own, ...(related ?? [])].sort((a, b) =>
        a.at.localeCompare(b.at),
      ),
      relatedAvailable: related !== undefined,
    });
  });

  router.post('/signals', async (req, res) => {
    res.json(
      await helpers.audited(
        req,
        {
          eventId: 'incident-signal',
          severityLevel: 'medium',
          meta: {
            resourceType: incidentResourceType,
            resourceId: req.body.key,
          },
        },
        async () => {
          const credentials = await helpers.serviceCredentialsOf(req);
          return incidents.signal(req.body, actorRef(credentials));
        },
      ),
    );
  });
}

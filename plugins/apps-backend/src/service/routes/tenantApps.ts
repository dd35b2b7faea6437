import {
  AuditorServiceEvent,
  BackstageCredentials,
  BackstageServicePrincipal,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  assertServiceSubject,
  requireResourceAccess,
} from '@controlplane/backend-common';
import {
  appsAppReadPermission,
  appsAppUpdatePermission,
} from '@controlplane/plugin-apps-common';
import { appFacts } from '../auditFacts';
import { AppsRouter, RouteDeps } from './access';

/** The tenants one `GET /tenant-apps` may ask about. */
const MAX_TENANTS = 100;

/** The plugin that reads which apps serve its tenants as a service. */
const TENANTS_PLUGIN_ID = 'tenants';

/**
 * `/tenant-apps`: which apps serve a tenant, read and set from the tenant's
 * side. The apps' `tenants` stay the one source of truth; the tenants
 * plugin shows and changes a tenant's applications through these routes.
 */
export function tenantAppRoutes(router: AppsRouter, deps: RouteDeps) {
  const { authorizer, helpers, auditor } = deps;
  const { apps } = deps.services;

  router.get('/tenant-apps', async (req, res) => {
    const credentials = await helpers.credentialsOf(req);
    // The tenants plugin's own reads see every app; users see the apps
    // they may read.
    const filter =
      (credentials.principal as { type: string }).type === 'service'
        ? assertServiceSubject(
            credentials as BackstageCredentials<BackstageServicePrincipal>,
            [TENANTS_PLUGIN_ID],
          )
        : await authorizer.listFilter(credentials, appsAppReadPermission);
    const asked = [req.query.tenant]
      .flat()
      .flatMap(value => String(value).split(','));
    const tenants = [...new Set(asked)];
    if (tenants.length > MAX_TENANTS) {
      throw new InputError(
        `At most ${MAX_TENANTS} tenants per request, not ${tenants.length}`,
      );
    }
    const byTenant = await apps.tenantApps(tenants, filter ?? undefined);
    res.json({ tenants: Object.fromEntries(byTenant) });
  });

  router.put('/tenant-apps/:tenant', async (req, res) => {
    const { tenant } = req.params;
    const credentials = await helpers.credentialsOf(req);
    const isAllowed = requireResourceAccess(
      await authorizer.resourceAccess(credentials, appsAppUpdatePermission),
      appsAppUpdatePermission,
    );
    // One audit event per app that changes, created before the checks so
    // a refused change is on record too.
    const events = new Map<string, AuditorServiceEvent>();
    try {
      const { applications, changes } = await apps.setTenantApps(
        tenant,
        req.body.applications,
        async planned => {
          for (const { app } of planned) {
            events.set(
              app.id,
              await auditor.createEvent({
                eventId: 'app.updated',
                severityLevel: 'high',
                meta: { resourceType: 'app', resourceId: app.id, tenant },
                request: req,
              }),
            );
          }
          for (const { app, tenants } of planned) {
            if (!isAllowed(app))
              throw new NotFoundError(`No app named ${app.name}`);
            if (!isAllowed({ ...app, tenants })) {
              throw new NotAllowedError(
                `You may only make an app serve tenants within your scope (${app.name})`,
              );
            }
          }
        },
      );
      for (const { before, after } of changes) {
        await events.get(after.id)?.success({
          meta: {
            ...appFacts(after),
            changedTenant: tenant,
            before: { tenants: before.tenants },
            after: { tenants: after.tenants },
          },
        });
      }
      res.json({ tenant, applications });
    } catch (error) {
      for (const event of events.values()) {
        await event.fail({ error: error as Error });
      }
      throw error;
    }
  });
}

import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  ColumnFilter,
  createTenantRule,
  domainPluginDeps,
  fetchAllTenants,
  portalNotifierServiceRef,
  registerResourcePermissions,
} from '@controlplane/backend-common';
import {
  INCIDENT_NOTIFICATION_TOPICS,
  INCIDENTS_EVENT_TOPIC,
  incidentResourceType,
  incidentsPermissionDescriptions,
  incidentsPermissions,
  maintenancePath,
} from '@controlplane/plugin-incidents-common';
import { connectIncidentsStores } from './database/stores';
import { Announcer } from './service/Announcer';
import { IncidentsService } from './service/IncidentsService';
import { MaintenanceService } from './service/MaintenanceService';
import { RelatedChanges } from './service/RelatedChanges';
import { SIGNAL_TOPICS, signalOf } from './service/eventSignals';
import { createRouter } from './service/router';
import { IncidentResource } from './service/routes/types';

/** An incident as a permission resource: the tenant rule filters by its tenant. */
export const incidentResourceRef = createPermissionResourceRef<
  IncidentResource,
  ColumnFilter
>().with({ pluginId: 'incidents', resourceType: incidentResourceType });

/**
 * The incidents backend: incidents and tickets with their workflow and
 * timeline, automatic tickets from other plugins' signals, and maintenance
 * windows, under `/api/incidents` (src/schema/openapi.yaml).
 */
export const incidentsPlugin = createBackendPlugin({
  pluginId: 'incidents',
  register(env) {
    env.registerInit({
      deps: {
        ...domainPluginDeps,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        events: eventsServiceRef,
        notifier: portalNotifierServiceRef,
      },
      async init(deps) {
        const { logger, events } = deps;
        const stores = await connectIncidentsStores(deps.database);
        const announcer = new Announcer({
          logger,
          notifier: deps.notifier,
          publish: async payload => {
            await events.publish({
              topic: INCIDENTS_EVENT_TOPIC,
              eventPayload: payload as never,
            });
          },
        });
        const incidents = new IncidentsService({ stores, announcer });
        const ownersOf =
          deps.config.getOptionalString(
            'incidents.maintenance.notifyEntityRef',
          ) ?? 'group:default/{tenant}-owners';
        const maintenance = new MaintenanceService({
          stores,
          // The admins of the tenants a window concerns: its tenant, or all.
          announce: async window => {
            const tenants = window.tenant
              ? [window.tenant]
              : (await fetchAllTenants({ ...deps, logger }))
                  ?.filter(t => t.status === 'active')
                  .map(t => t.tenant) ?? [];
            if (tenants.length === 0) return;
            await deps.notifier.notify({
              topic: INCIDENT_NOTIFICATION_TOPICS.maintenance,
              recipients: tenants.map(t => ownersOf.replace('{tenant}', t)),
              title: `Maintenance: ${window.title}`,
              description: `${window.environment}, ${window.startsAt} to ${
                window.endsAt
              }; blocks ${window.operations.join(', ')}.`,
              link: maintenancePath(),
            });
          },
        });

        const authorizer = registerResourcePermissions({
          permissionsRegistry: deps.permissionsRegistry,
          permissions: deps.permissions,
          httpRouter: deps.httpRouter,
          resourceRef: incidentResourceRef,
          pluginPermissions: incidentsPermissions,
          descriptions: incidentsPermissionDescriptions,
          rules: [
            createTenantRule({
              resourceRef: incidentResourceRef,
              column: 'tenant',
              getTenant: resource => resource.tenant,
            }),
          ],
          getResources: async ids =>
            Promise.all(ids.map(id => incidents.get(id))),
        });

        // One instance takes each signal of another plugin; the open key
        // keeps one ticket per signal even if two did.
        await events.subscribe({
          id: 'incidents-signals',
          topics: SIGNAL_TOPICS,
          onEvent: async params => {
            const signal = signalOf(params.eventPayload);
            if (!signal) return;
            await incidents.signal(
              signal,
              `plugin:${params.topic.split('.')[1]}`,
            );
          },
        });

        deps.httpRouter.use(
          createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            authorizer,
            incidents,
            maintenance,
            related: new RelatedChanges({
              discovery: deps.discovery,
              auth: deps.auth,
              logger,
            }),
          }),
        );
      },
    });
  },
});

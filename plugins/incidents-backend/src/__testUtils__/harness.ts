import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startBackendWithApps } from '@controlplane/test-utils/apps';
import express from 'express';
import incidentsPlugin from '../index';

/** Audit records the stand-in audit plugin answers with (see below). */
export const auditRecords: Array<Record<string, unknown>> = [];
/** The queries the stand-in audit plugin received. */
export const auditQueries: URLSearchParams[] = [];

/**
 * The audit plugin's `GET /logs` as the incidents plugin reads it, over
 * records the test sets: only for service callers, filtered by tenant,
 * action prefix and time like the real one.
 */
const auditStandIn = createBackendPlugin({
  pluginId: 'audit',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({ httpRouter, httpAuth }) {
        const router = express.Router();
        router.get('/logs', async (req, res) => {
          await httpAuth.credentials(req, { allow: ['service'] });
          const query = new URLSearchParams(
            req.query as Record<string, string>,
          );
          auditQueries.push(query);
          const action = query.get('action');
          const items = auditRecords.filter(
            record =>
              (!query.get('tenant') || record.tenant === query.get('tenant')) &&
              (!action ||
                String(record.action).startsWith(action.replace('*', ''))) &&
              String(record.timestamp) >= String(query.get('from')) &&
              String(record.timestamp) <= String(query.get('to')),
          );
          res.json({ items });
        });
        httpRouter.use(router);
      },
    });
  },
});

/**
 * The incidents backend among the real apps plugin, permission backend and
 * RBAC policy (see `startBackendWithApps`); notifications are recorded.
 * Who is who:
 * - ada: platform-admin; oscar: operator (incidents.*, maintenance);
 * - sam: support agent (works tickets); tina: org-owner of acme (reads and
 *   opens acme's tickets); nobody: no role.
 */
export async function startIncidentsBackend(
  databases: ReturnType<typeof createPortalTestDatabases>,
  databaseId: TestDatabaseId,
) {
  const h = await startBackendWithApps({
    databases,
    databaseId,
    pluginId: 'incidents',
    features: [incidentsPlugin, auditStandIn],
    initialMembers: {
      'platform-admin': ['user:default/ada'],
      operator: ['user:default/oscar'],
      'support-agent': ['user:default/sam'],
      'org-owner': ['user:default/tina@acme'],
    },
    catalogUsers: ['ada', 'oscar', 'sam', 'tina', 'nobody'],
  });
  const published: Array<{
    type: string;
    incident: { id: string; severity: string; status: string };
  }> = [];
  await h.events.subscribe({
    id: `incidents-test-${Math.random()}`,
    topics: ['controlplane.incidents'],
    onEvent: async params => {
      published.push(params.eventPayload as never);
    },
  });

  /** Opens an incident as `who`; answers the response. */
  const open = (who: string, body: object = {}) =>
    h.as(who).post('/incidents', {
      title: 'Support triage times out',
      severity: 'SEV2',
      priority: 'high',
      category: 'reliability',
      tenant: 'acme',
      entities: ['agent:default/support-triage'],
      ...body,
    });

  return {
    ...h,
    published,
    open,
    auditEvents: () => h.auditEvents(/^(incident|maintenance)-/),
  };
}

export type IncidentsHarness = Awaited<
  ReturnType<typeof startIncidentsBackend>
>;

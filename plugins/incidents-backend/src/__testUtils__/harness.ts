import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startBackendWithApps } from '@controlplane/test-utils/apps';
// The real audit plugin answers the timeline's questions (tests only).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import auditPlugin from '@controlplane/plugin-audit-backend';
import { AuditEventInput } from '@controlplane/plugin-audit-common';
import {
  auditTrailServiceFactory,
  auditTrailServiceRef,
} from '@controlplane/plugin-audit-node';
import incidentsPlugin from '../index';

/** What the test writes into the real audit trail. */
export type AuditSeed = Omit<AuditEventInput, 'source'>;

/**
 * Writes events into the audit trail as other plugins' auditors do
 * (through the audit trail service), so the real audit plugin stores them
 * and answers them on `GET /logs`.
 */
function auditSeeder(seeds: { record?: (event: AuditSeed) => Promise<void> }) {
  return createBackendPlugin({
    pluginId: 'audit-seeder',
    register(env) {
      env.registerInit({
        deps: { auditTrail: auditTrailServiceRef },
        async init({ auditTrail }) {
          seeds.record = event =>
            auditTrail.record({ source: 'plugin:test', ...event });
        },
      });
    },
  });
}

/**
 * The incidents backend among the real apps plugin, audit plugin,
 * permission backend and RBAC policy (see `startBackendWithApps`);
 * notifications are recorded.
 * Who is who:
 * - ada: platform-admin; oscar: operator (incidents.*, maintenance);
 * - sam: support agent (works tickets); tina: org-owner of acme (reads and
 *   opens acme's tickets); nobody: no role.
 */
export async function startIncidentsBackend(
  databases: ReturnType<typeof createPortalTestDatabases>,
  databaseId: TestDatabaseId,
) {
  const seeds: { record?: (event: AuditSeed) => Promise<void> } = {};
  const h = await startBackendWithApps({
    databases,
    databaseId,
    pluginId: 'incidents',
    features: [
      incidentsPlugin,
      auditPlugin,
      auditTrailServiceFactory,
      auditSeeder(seeds),
    ],
    otherPluginDatabases: ['audit'],
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
    /** Stores an event in the real audit trail. */
    recordAudit: (event: AuditSeed) => seeds.record!(event),
    auditEvents: () => h.auditEvents(/^(incident|maintenance)-/),
  };
}

export type IncidentsHarness = Awaited<
  ReturnType<typeof startIncidentsBackend>
>;

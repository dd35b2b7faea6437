import { mockCredentials, TestDatabaseId } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startBackendWithApps } from '@controlplane/test-utils/apps';
import request from 'supertest';
import billingPlugin from '../index';

/**
 * The billing backend among the real apps plugin, permission backend and
 * RBAC policy (see `startBackendWithApps`); notifications are recorded.
 * Who is who:
 * - ada: platform-admin (everything);
 * - oscar: operator (every tenant's usage; no quotas, budgets or credits);
 * - tina: org-owner scoped to acme (`billing.*` in acme only);
 * - nobody: no role.
 */
export async function startBillingBackend(
  databases: ReturnType<typeof createPortalTestDatabases>,
  databaseId: TestDatabaseId,
  config: JsonObject = {},
) {
  const h = await startBackendWithApps({
    databases,
    databaseId,
    pluginId: 'billing',
    features: [billingPlugin],
    pluginConfig: { export: { settleSeconds: 0 }, ...config },
    initialMembers: {
      'platform-admin': ['user:default/ada'],
      operator: ['user:default/oscar'],
      'org-owner': ['user:default/tina@acme'],
    },
    catalogUsers: ['ada', 'oscar', 'tina', 'nobody'],
  });
  /** A GET as the service principal of another plugin (`plugin:<id>`). */
  const asPlugin = (pluginId: string) => ({
    get: (path: string) =>
      request(h.backend.server)
        .get(`/api/billing${path}`)
        .set(
          'Authorization',
          mockCredentials.service.header({
            onBehalfOf: mockCredentials.service(`plugin:${pluginId}`),
            targetPluginId: 'billing',
          }),
        ),
  });
  return {
    ...h,
    asPlugin,
    provision: (tenants: Record<string, string>) =>
      h.provision(tenants, 'billing_tenants'),
    auditEvents: () => h.auditEvents(/^(quota|budget|adjustment)-/),
  };
}

export type BillingHarness = Awaited<ReturnType<typeof startBillingBackend>>;

let counter = 0;
/** A usage event with a fresh id, now, unless overridden. */
export const usageEvent = (overrides: Record<string, unknown> = {}) => ({
  id: `evt-${process.pid}-${++counter}`,
  tenant: 'acme',
  type: 'tokens',
  quantity: 1000,
  timestamp: new Date().toISOString(),
  ...overrides,
});

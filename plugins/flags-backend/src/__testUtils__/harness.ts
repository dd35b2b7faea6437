import { JsonObject } from '@backstage/types';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startBackendWithApps } from '@controlplane/test-utils/apps';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import flagsPlugin from '../index';

/**
 * The flags backend among the real apps plugin, permission backend and
 * RBAC policy (see `startBackendWithApps`). Who is who:
 * - ada: platform-admin (everything);
 * - oscar: operator (`flags.*` unscoped);
 * - dev: developer (`flags.flag.read` only);
 * - tina: `flags.*` scoped to the tenant acme (a role the test makes);
 * - nobody: no role.
 */
export async function startFlagsBackend(
  databases: ReturnType<typeof createPortalTestDatabases>,
  databaseId: TestDatabaseId,
  config: JsonObject = {},
) {
  const h = await startBackendWithApps({
    databases,
    databaseId,
    pluginId: 'flags',
    features: [flagsPlugin],
    pluginConfig: {
      snapshotPollMs: 200,
      metricsFlushMs: 200,
      scheduleTickSeconds: 1,
      streamHeartbeatMs: 1000,
      ...config,
    },
    initialMembers: {
      'platform-admin': ['user:default/ada'],
      operator: ['user:default/oscar'],
      developer: ['user:default/dev'],
    },
    catalogUsers: ['ada', 'oscar', 'dev', 'tina', 'nobody'],
  });
  return {
    ...h,
    /** Provisions tenants and waits until the flags plugin knows them. */
    provision: (tenants: Record<string, string>) =>
      h.provision(tenants, 'flag_tenants'),
    /** An app token with `flags:read` unless other scopes are given. */
    appToken: (
      name: string,
      tenants: string[],
      scopes = ['flags:read'],
      environment = 'production',
    ) => h.appToken(name, tenants, scopes, environment),
    /** The flags plugin's audit events (event ids starting with `flag-`). */
    auditEvents: () => h.auditEvents(/^flag-/),
  };
}

export type FlagsHarness = Awaited<ReturnType<typeof startFlagsBackend>>;

/** A boolean flag's creation body. */
export const booleanFlag = (key: string, extra: object = {}) => ({
  key,
  description: `The ${key} flag`,
  type: 'boolean',
  variants: [
    { name: 'on', value: true },
    { name: 'off', value: false },
  ],
  defaultVariant: 'off',
  tags: ['test'],
  ...extra,
});

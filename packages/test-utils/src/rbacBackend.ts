/**
 * A test backend with the portal's real RBAC in front of the plugins under
 * test, for tests of who may do what. A separate entry point
 * (`@controlplane/test-utils/rbac`) because it loads the RBAC plugins.
 *
 * @packageDocumentation
 */
import { BackendFeature } from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { JsonObject } from '@backstage/types';
import rbacPolicyModule from '@controlplane/plugin-permission-backend-module-rbac';
// The real RBAC pair is what this helper starts (tests only).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import rbacPlugin from '@controlplane/plugin-rbac-backend';
import { Knex } from 'knex';
import { withEdgeHygiene } from './edgeHygiene';
import { httpAuthKeepingOboActor } from './oboHttpAuth';
import { perPluginDatabases } from './perPluginDatabases';

/** What {@link startBackendWithRbac} starts and on which database. */
export interface BackendWithRbacOptions {
  /** The test file's databases, from `createPortalTestDatabases()`. */
  databases: TestDatabases;
  /** The engine this run uses, one of `PORTAL_TEST_DATABASE_IDS`. */
  databaseId: TestDatabaseId;
  /** The plugins under test and their service factories. */
  features?: BackendFeature[];
  /** The plugins in `features` that get a database of their own. */
  pluginDatabases?: string[];
  /** `rbac.initialMembers`: the members of each seeded role. */
  initialMembers: Record<string, string[]>;
  /** Users (in the default namespace) of a mocked catalog; no mock when absent. */
  catalogUsers?: string[];
  /** On-behalf-of service tokens keep their actor (conditional decisions). */
  keepOboActor?: boolean;
  /** More root config next to `permission` and `rbac`. */
  config?: JsonObject;
}

/**
 * Starts a test backend with the real permission backend, the RBAC policy
 * module and the RBAC plugin (policy refreshed on every decision) next to
 * `features`, behind the same edge hygiene as the real backend
 * (`backend.inputLimits` of `config` applies). Every plugin gets its own
 * database on `databaseId`; `knex` holds them by plugin id. Import it from `@controlplane/test-utils/rbac`,
 * so that the other helpers do not load these plugins.
 */
export async function startBackendWithRbac(
  options: BackendWithRbacOptions,
): Promise<TestBackend & { knex: Record<string, Knex> }> {
  const pluginIds = ['permission', 'rbac', ...(options.pluginDatabases ?? [])];
  const knexes = await Promise.all(
    pluginIds.map(() => options.databases.init(options.databaseId)),
  );
  const knex = Object.fromEntries(
    pluginIds.map((pluginId, index) => [pluginId, knexes[index]]),
  );
  const config: JsonObject = {
    ...options.config,
    permission: { enabled: true, rbac: { refreshIntervalMs: 0 } },
    rbac: { initialMembers: options.initialMembers },
  };
  const backend = await startTestBackend({
    features: [
      permissionPlugin,
      rbacPolicyModule,
      rbacPlugin,
      ...(options.features ?? []),
      ...(options.keepOboActor ? [httpAuthKeepingOboActor()] : []),
      ...(options.catalogUsers
        ? [
            catalogServiceMock.factory({
              entities: options.catalogUsers.map(name => ({
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'User',
                metadata: { name, namespace: 'default' },
                spec: {},
              })),
            }),
          ]
        : []),
      perPluginDatabases(knex),
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  withEdgeHygiene(backend.server, config);
  return Object.assign(backend, { knex });
}

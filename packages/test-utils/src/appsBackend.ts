/**
 * A plugin under test among the real apps plugin and RBAC (tests only).
 *
 * @packageDocumentation
 */
import {
  mockCredentials,
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  BackendFeature,
  createServiceFactory,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { JsonObject } from '@backstage/types';
// The real apps plugin issues the credentials the tests' apps send (tests only).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import appsPlugin from '@controlplane/plugin-apps-backend';
import request from 'supertest';
import { eventually } from './eventually';
import { createMockAuditor } from './mockAuditor';
import { startBackendWithRbac } from './rbacBackend';

/**
 * Backstage's mock scheduler, whose class is not exported: tasks run when
 * `triggerTask` is called.
 */
export interface ManualScheduler extends SchedulerService {
  /** The scheduler as a service factory of a test backend. */
  factory(options?: { skipTaskRunOnStartup?: boolean }): ServiceFactory;
  /** Runs a scheduled task now and waits for it. */
  triggerTask(id: string): Promise<void>;
}

/** A notification a plugin sent, as Backstage's notifications service takes it. */
export interface SentNotification {
  /** Who it is for, e.g. `{ type: 'entity', entityRef: ['group:default/approvers'] }`. */
  recipients: { type: string; entityRef: string | string[] };
  /** What it says and where it leads. */
  payload: {
    title: string;
    description?: string;
    link?: string;
    topic?: string;
  };
}

/** A local development hash key for the apps plugin. */
const APPS_HASH_KEY = 'apps-test-backend-hash-key-0123456789abcdef-0123';

/** What {@link startBackendWithApps} starts. */
export interface BackendWithAppsOptions {
  /** The test databases (`createPortalTestDatabases()`). */
  databases: TestDatabases;
  /** The database this backend runs on. */
  databaseId: TestDatabaseId;
  /** The plugin under test (its id names its database and API prefix). */
  pluginId: string;
  /** The plugin under test and anything else it needs. */
  features: BackendFeature[];
  /** Other plugins in `features` that need a database, e.g. `['audit']`. */
  otherPluginDatabases?: string[];
  /** The plugin's own configuration (its section of app-config). */
  pluginConfig?: JsonObject;
  /** Initial RBAC members by role, e.g. `{ operator: ['user:default/oscar'] }`. */
  initialMembers: Record<string, string[]>;
  /** The users the catalog knows (names in the default namespace). */
  catalogUsers: string[];
}

/**
 * A plugin as it runs among the others: with the real apps plugin (whose
 * credential snapshot app tokens are verified against), the real permission
 * backend and RBAC policy, one in-memory events service shared by every
 * plugin (so a test publishes tenant lifecycle events as the tenants plugin
 * does), a scheduler whose tasks run when triggered (once-only runs across
 * instances are proven in packages/scale-out), a mock auditor and
 * notifications recorded in `notifications` instead of sent.
 */
export async function startBackendWithApps(options: BackendWithAppsOptions) {
  const { pluginId } = options;
  // The default test events service is one instance per plugin, which
  // delivers nothing across plugins.
  const events = mockServices.events();
  const sharedEvents = createServiceFactory({
    service: eventsServiceRef,
    deps: {},
    factory: () => events,
  });
  const scheduler = mockServices.scheduler() as ManualScheduler;
  const audit = createMockAuditor();
  // Notifications are recorded rather than delivered.
  const notifications: SentNotification[] = [];
  const recordingNotifications = createServiceFactory({
    service: notificationService,
    deps: {},
    factory: () =>
      ({
        async send(notification: SentNotification) {
          notifications.push(notification);
        },
      } as never),
  });
  const backend = await startBackendWithRbac({
    databases: options.databases,
    databaseId: options.databaseId,
    features: [
      appsPlugin,
      ...options.features,
      sharedEvents,
      recordingNotifications,
      scheduler.factory({ skipTaskRunOnStartup: true }),
      audit.auditor.factory,
    ],
    pluginDatabases: [
      'apps',
      pluginId,
      ...(options.otherPluginDatabases ?? []),
    ],
    initialMembers: options.initialMembers,
    catalogUsers: options.catalogUsers,
    keepOboActor: true,
    config: {
      app: { baseUrl: 'http://localhost:3000' },
      apps: {
        developmentSecretHashKey: APPS_HASH_KEY,
        verifier: { refreshIntervalMs: 100 },
        rateLimits: { default: { limitPerMinute: 100_000, burst: 10_000 } },
      },
      [pluginId]: options.pluginConfig ?? {},
    },
  });
  const knex = backend.knex[pluginId];
  const api = () => request(backend.server);

  /** Requests to the plugin's API as a user. */
  const as = (who: string) => {
    const auth = mockCredentials.user.header(`user:default/${who}`);
    return {
      get: (path: string) =>
        api().get(`/api/${pluginId}${path}`).set('Authorization', auth),
      post: (path: string, body: object) =>
        api()
          .post(`/api/${pluginId}${path}`)
          .set('Authorization', auth)
          .send(body),
      put: (path: string, body: object) =>
        api()
          .put(`/api/${pluginId}${path}`)
          .set('Authorization', auth)
          .send(body),
      patch: (path: string, body: object) =>
        api()
          .patch(`/api/${pluginId}${path}`)
          .set('Authorization', auth)
          .send(body),
      delete: (path: string) =>
        api().delete(`/api/${pluginId}${path}`).set('Authorization', auth),
    };
  };

  /** Requests to the plugin's API as an app, with its token. */
  const asApp = (token: string) => ({
    get: (path: string) =>
      api()
        .get(`/api/${pluginId}${path}`)
        .set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object) =>
      api()
        .post(`/api/${pluginId}${path}`)
        .set('Authorization', `Bearer ${token}`)
        .send(body),
  });

  /** Calls any plugin as ada (a platform admin), failing on an error answer. */
  async function adminCall(
    method: 'post' | 'put' | 'patch',
    path: string,
    body?: object,
  ) {
    const res = await api()
      [method](path)
      .set('Authorization', mockCredentials.user.header('user:default/ada'))
      .send(body);
    if (res.status >= 300)
      throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
    return res.body;
  }

  /** A role made through the RBAC plugin's API, as a platform admin would. */
  async function role(name: string, grants: string[], members: string[]) {
    await adminCall('post', '/api/rbac/roles', {
      name,
      description: `Test role ${name}`,
    });
    for (const grant of grants) {
      await adminCall(
        'put',
        `/api/rbac/roles/${name}/grants/${encodeURIComponent(grant)}`,
      );
    }
    for (const member of members) {
      await adminCall(
        'put',
        `/api/rbac/roles/${name}/members/${encodeURIComponent(member)}`,
      );
    }
  }

  /** Publishes a tenant lifecycle event (`controlplane.tenants`). */
  async function tenantEvent(payload: {
    type: string;
    tenant: string;
    plan?: string;
    reason?: string;
  }) {
    await events.publish({
      topic: 'controlplane.tenants',
      eventPayload: payload,
    });
  }

  /**
   * Provisions tenants (events) and waits until `table` of the plugin has a
   * row for each (`tenant` column).
   */
  async function provision(tenants: Record<string, string>, table: string) {
    for (const [tenant, plan] of Object.entries(tenants)) {
      await tenantEvent({ type: 'tenant.provisioned', tenant, plan });
    }
    await eventually(async () => {
      const rows = await knex(table).whereIn('tenant', Object.keys(tenants));
      if (rows.length !== Object.keys(tenants).length) {
        throw new Error(`${table} knows ${rows.length} of the tenants`);
      }
    });
  }

  /** Registers an app serving `tenants` and issues a credential; its token. */
  async function appToken(
    name: string,
    tenants: string[],
    scopes: string[],
    environment = 'production',
  ): Promise<string> {
    const app = await adminCall('post', '/api/apps/apps', {
      name,
      environment,
      owner: 'group:default/platform',
      tenants,
    });
    const issued = await adminCall(
      'post',
      `/api/apps/apps/${app.id}/api-keys`,
      {
        name: `${name} key`,
        scopes,
      },
    );
    return issued.token;
  }

  /** The plugin's audit events whose ids match. */
  const auditEvents = (eventIds: RegExp) =>
    (audit.auditor.createEvent as jest.Mock).mock.calls
      .map(([event]) => event)
      .filter(event => eventIds.test(event.eventId));

  /** The URL the backend listens on (for clients outside supertest). */
  const baseUrl = () => {
    const address = backend.server.address();
    if (!address || typeof address === 'string')
      throw new Error('not listening');
    return `http://localhost:${address.port}`;
  };

  return {
    backend,
    knex,
    events,
    scheduler,
    audit,
    notifications,
    as,
    asApp,
    role,
    tenantEvent,
    provision,
    appToken,
    auditEvents,
    baseUrl,
  };
}

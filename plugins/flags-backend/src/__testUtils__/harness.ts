import {
  mockCredentials,
  mockServices,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import {
  createServiceFactory,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { JsonObject } from '@backstage/types';
import {
  createMockAuditor,
  createPortalTestDatabases,
  eventually,
} from '@controlplane/test-utils';
import { startBackendWithRbac } from '@controlplane/test-utils/rbac';
import {
  TENANTS_EVENT_TOPIC,
  TenantsEventPayload,
} from '@controlplane/plugin-tenants-common';
// The real apps plugin issues the credentials the tests' apps send (test only).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import appsPlugin from '@controlplane/plugin-apps-backend';
import request from 'supertest';
import flagsPlugin from '../index';

/**
 * Backstage's mock scheduler, whose class is not exported: tasks run when
 * `triggerTask` is called.
 */
interface ManualScheduler extends SchedulerService {
  factory(options?: { skipTaskRunOnStartup?: boolean }): ServiceFactory;
  triggerTask(id: string): Promise<void>;
}

/** A local development hash key for the apps plugin. */
const APPS_HASH_KEY = 'flags-test-hash-key-0123456789abcdef-0123456789';

/**
 * The flags backend as it runs: with the real apps plugin (whose credential
 * snapshot the flags plugin verifies app tokens against), the real
 * permission backend and RBAC policy, one in-memory events service (tenant
 * lifecycle events are published on it as the tenants plugin would) and a
 * mock auditor. Who is who:
 * - ada: platform-admin (everything);
 * - oscar: operator (`flags.*` unscoped);
 * - dev: developer (`flags.flag.read` only);
 * - tina: `flags.*` scoped to the tenant acme;
 * - nobody: no role.
 */
export async function startFlagsBackend(
  databases: ReturnType<typeof createPortalTestDatabases>,
  databaseId: TestDatabaseId,
  config: JsonObject = {},
) {
  // One in-memory events service for every plugin (the default test one
  // is a separate instance per plugin, which delivers nothing across them).
  const events = mockServices.events();
  const sharedEvents = createServiceFactory({
    service: eventsServiceRef,
    deps: {},
    factory: () => events,
  });
  // Tasks run when a test triggers them (the real scheduler's once-only
  // runs across instances are proven in packages/scale-out).
  const scheduler = mockServices.scheduler() as ManualScheduler;
  const audit = createMockAuditor();
  const backend = await startBackendWithRbac({
    databases,
    databaseId,
    features: [
      appsPlugin,
      flagsPlugin,
      sharedEvents,
      scheduler.factory({ skipTaskRunOnStartup: true }),
      audit.auditor.factory,
    ],
    pluginDatabases: ['apps', 'flags'],
    initialMembers: {
      'platform-admin': ['user:default/ada'],
      operator: ['user:default/oscar'],
      developer: ['user:default/dev'],
    },
    catalogUsers: ['ada', 'oscar', 'dev', 'tina', 'nobody'],
    keepOboActor: true,
    config: {
      app: { baseUrl: 'http://localhost:3000' },
      apps: {
        developmentSecretHashKey: APPS_HASH_KEY,
        verifier: { refreshIntervalMs: 100 },
        rateLimits: { default: { limitPerMinute: 100_000, burst: 10_000 } },
      },
      flags: {
        snapshotPollMs: 200,
        metricsFlushMs: 200,
        scheduleTickSeconds: 1,
        streamHeartbeatMs: 1000,
        ...config,
      },
    },
  });
  const knex = backend.knex.flags;

  const as = (who: string) => {
    const auth = mockCredentials.user.header(`user:default/${who}`);
    const server = () => request(backend.server);
    return {
      get: (path: string) =>
        server().get(`/api/flags${path}`).set('Authorization', auth),
      post: (path: string, body: object) =>
        server()
          .post(`/api/flags${path}`)
          .set('Authorization', auth)
          .send(body),
      put: (path: string, body: object) =>
        server().put(`/api/flags${path}`).set('Authorization', auth).send(body),
      patch: (path: string, body: object) =>
        server()
          .patch(`/api/flags${path}`)
          .set('Authorization', auth)
          .send(body),
      delete: (path: string) =>
        server().delete(`/api/flags${path}`).set('Authorization', auth),
      raw: (method: 'get' | 'post' | 'put', path: string) =>
        server()[method](path).set('Authorization', auth),
    };
  };

  /** Calls another plugin as ada, failing the test on an error answer. */
  async function adminCall(
    method: 'post' | 'put' | 'patch',
    path: string,
    body?: object,
  ) {
    const res = await request(backend.server)
      [method](path)
      .set('Authorization', mockCredentials.user.header('user:default/ada'))
      .send(body);
    if (res.status >= 300) {
      throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
    }
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

  /** Publishes a tenant lifecycle event, as the tenants plugin does. */
  async function tenantEvent(payload: TenantsEventPayload) {
    await events.publish({
      topic: TENANTS_EVENT_TOPIC,
      eventPayload: payload as unknown as JsonObject,
    });
  }

  /** Provisions tenants (events) and waits until the flags plugin knows them. */
  async function provision(tenants: Record<string, string>) {
    for (const [tenant, plan] of Object.entries(tenants)) {
      await tenantEvent({
        type: 'tenant.provisioned',
        tenant,
        plan: plan as TenantsEventPayload['plan'],
      });
    }
    await eventually(async () => {
      const rows = await knex('flag_tenants').whereIn(
        'tenant',
        Object.keys(tenants),
      );
      expect(rows).toHaveLength(Object.keys(tenants).length);
    });
  }

  /**
   * Registers an app serving `tenants` and issues it a credential with
   * `scopes`; answers the token an app sends.
   */
  async function appToken(
    name: string,
    tenants: string[],
    scopes = ['flags:read'],
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

  /** A request of an app with its token. */
  const asApp = (token: string) => ({
    get: (path: string) =>
      request(backend.server)
        .get(`/api/flags${path}`)
        .set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object) =>
      request(backend.server)
        .post(`/api/flags${path}`)
        .set('Authorization', `Bearer ${token}`)
        .send(body),
  });

  /** The flags plugin's audit events (event ids starting with `flag-`). */
  const auditEvents = () =>
    (audit.auditor.createEvent as jest.Mock).mock.calls
      .map(([options]) => options)
      .filter(options => /^flag-/.test(options.eventId));

  /** The URL the backend listens on (for the OpenFeature providers). */
  const baseUrl = () => {
    const address = backend.server.address();
    if (!address || typeof address === 'string')
      throw new Error('not listening');
    return `http://localhost:${address.port}`;
  };

  return {
    backend,
    scheduler,
    knex,
    audit,
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

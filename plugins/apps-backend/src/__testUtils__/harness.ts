import {
  mockCredentials,
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { EventParams } from '@backstage/plugin-events-node';
import { createMockAuditor } from '@controlplane/test-utils';
import { startBackendWithRbac } from '@controlplane/test-utils/rbac';
import { JsonObject } from '@backstage/types';
import request from 'supertest';
import appsPlugin from '../index';

/** A local development hash key, as app-config.yaml has one. */
export const TEST_HASH_KEY = 'apps-test-hash-key-0123456789abcdef-0123456789';

/**
 * The apps backend with the real permission backend and RBAC policy:
 * ada is a platform admin, oscar an operator, dev a developer, sue a
 * support agent, tina an org owner scoped to acme; nobody has no role.
 * The events service is a mock that records what is published and lets the
 * test deliver events to the plugin's subscribers; the auditor is a mock
 * whose events can be counted; logs are captured, not printed.
 */
export async function startAppsBackend(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  config: JsonObject = {},
) {
  const logs: string[] = [];
  const capture =
    () =>
    (...args: unknown[]) => {
      logs.push(
        args
          .map(arg => (typeof arg === 'string' ? arg : JSON.stringify(arg)))
          .join(' '),
      );
    };
  const spies = (['error', 'warn', 'info', 'debug', 'log'] as const).map(
    level => jest.spyOn(console, level).mockImplementation(capture()),
  );

  const published: EventParams[] = [];
  const subscribers: {
    topics: string[];
    onEvent(params: EventParams): Promise<void>;
  }[] = [];
  const events = mockServices.events.mock({
    publish: jest.fn(async params => {
      published.push(params);
    }),
    subscribe: jest.fn(async options => {
      subscribers.push(options);
    }),
  });
  const audit = createMockAuditor();

  const backend = await startBackendWithRbac({
    databases,
    databaseId,
    features: [
      appsPlugin,
      events.factory,
      audit.auditor.factory,
      mockServices.rootLogger.factory({ level: 'debug' }),
    ],
    pluginDatabases: ['apps'],
    initialMembers: {
      'platform-admin': ['user:default/ada'],
      operator: ['user:default/oscar'],
      developer: ['user:default/dev'],
      'support-agent': ['user:default/sue'],
      'org-owner': ['user:default/tina@acme'],
    },
    catalogUsers: ['ada', 'oscar', 'dev', 'sue', 'tina'],
    keepOboActor: true,
    config: {
      app: { baseUrl: 'http://localhost:3000' },
      apps: { developmentSecretHashKey: TEST_HASH_KEY, ...config },
    },
  });

  const server = backend.server;
  // `service`: an external service; `plugin:<id>`: that plugin's backend.
  const header = (who: string) => {
    if (who === 'service') return mockCredentials.service.header();
    if (who.startsWith('plugin:')) {
      return mockCredentials.service.header({
        onBehalfOf: mockCredentials.service(who),
        targetPluginId: 'apps',
      });
    }
    return mockCredentials.user.header(`user:default/${who}`);
  };
  const as = (who: string) => ({
    get: (path: string) =>
      request(server).get(`/api/apps${path}`).set('Authorization', header(who)),
    post: (path: string, body?: object) =>
      request(server)
        .post(`/api/apps${path}`)
        .set('Authorization', header(who))
        .send(body),
    patch: (path: string, body: object) =>
      request(server)
        .patch(`/api/apps${path}`)
        .set('Authorization', header(who))
        .send(body),
    put: (path: string, body: object) =>
      request(server)
        .put(`/api/apps${path}`)
        .set('Authorization', header(who))
        .send(body),
    delete: (path: string) =>
      request(server)
        .delete(`/api/apps${path}`)
        .set('Authorization', header(who)),
  });

  /** Delivers an event to the plugin's subscribers of its topic. */
  const deliver = async (topic: string, eventPayload: unknown) => {
    for (const subscriber of subscribers) {
      if (subscriber.topics.includes(topic)) {
        await subscriber.onEvent({ topic, eventPayload });
      }
    }
  };

  /** The eventIds of the audit events created so far. */
  const auditEventIds = (): string[] =>
    (audit.auditor.createEvent as jest.Mock).mock.calls
      .map(([options]) => options.eventId as string)
      .filter(id => /^(app|ratelimits|credential)\./.test(id));

  return {
    backend,
    knex: backend.knex.apps,
    as,
    deliver,
    published,
    audit,
    auditEventIds,
    logs,
    stop: async () => {
      await backend.stop();
      spies.forEach(spy => spy.mockRestore());
    },
  };
}

import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  BackstageCredentials,
  createServiceFactory,
  SchedulerServiceTaskFunction,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  createPortalNotifier,
  portalNotifierServiceRef,
} from '@controlplane/backend-common';
import { createMockAuditor } from '@controlplane/test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import tenantsPlugin from '../index';

/** A local development key: 32 bytes of 7s. */
export const TEST_SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

/**
 * Who may do what in the router tests, as the RBAC policy would answer:
 * ada is an unscoped operator; tina an org-owner scoped to acme; sam a
 * tenant-admin scoped to acme (users, invitations, sessions only); gus an
 * org-owner scoped to globex; nobody has no role.
 */
const SCOPES: Record<string, { tenants: string[]; grants: RegExp }> = {
  'user:default/tina': { tenants: ['acme'], grants: /^tenants\./ },
  'user:default/sam': {
    tenants: ['acme'],
    grants: /^tenants\.(user|session)\./,
  },
  'user:default/gus': { tenants: ['globex'], grants: /^tenants\./ },
};
const ADMINS = ['user:default/ada'];

function userOf(credentials: BackstageCredentials): string | undefined {
  return (credentials.principal as { userEntityRef?: string }).userEntityRef;
}

export function rolePermissions() {
  return mockServices.permissions.mock({
    authorize: jest.fn(async (requests, { credentials }) =>
      requests.map(() => ({
        result: ADMINS.includes(userOf(credentials) ?? '')
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      })),
    ) as any,
    authorizeConditional: jest.fn(async (requests, { credentials }) =>
      requests.map(({ permission }: any) => {
        const user = userOf(credentials) ?? '';
        if (ADMINS.includes(user)) return { result: AuthorizeResult.ALLOW };
        const scope = SCOPES[user];
        if (!scope || !scope.grants.test(permission.name)) {
          return { result: AuthorizeResult.DENY };
        }
        return {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'tenants',
          resourceType: 'tenants-tenant',
          conditions: {
            rule: 'IS_IN_TENANT',
            resourceType: 'tenants-tenant',
            params: { tenants: scope.tenants },
          },
        };
      }),
    ) as any,
  });
}

export const as = (name: string) => (req: request.Test) =>
  req.set('Authorization', mockCredentials.user.header(`user:default/${name}`));

/** A notification as the plugin handed it to Backstage's notifications service. */
export interface SentNotification {
  recipients: {
    type: string;
    entityRef?: string | string[];
    excludeEntityRef?: string | string[];
  };
  payload: {
    topic?: string;
    title: string;
    description?: string;
    link?: string;
    severity?: string;
  };
}

export async function startTenantsBackend(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  config: Record<string, unknown> = {},
  /** More service factories, e.g. a logger that records what is logged. */
  extraFeatures: Parameters<typeof startTestBackend>[0]['features'] = [],
) {
  const knex: Knex = await databases.init(databaseId);
  const audit = createMockAuditor();
  const published: { topic: string; eventPayload: any }[] = [];
  const events = mockServices.events.mock({
    publish: jest.fn(async params => {
      published.push(params as any);
    }),
  });
  const tasks = new Map<string, SchedulerServiceTaskFunction>();
  const scheduler = mockServices.scheduler.mock({
    scheduleTask: jest.fn(async task => {
      tasks.set(task.id, task.fn);
    }),
  });
  // The plugin's notifier, recording what it would send.
  const notifications: SentNotification[] = [];
  const notifier = createServiceFactory({
    service: portalNotifierServiceRef,
    deps: {},
    factory: () =>
      createPortalNotifier({
        notifications: {
          async send(options) {
            notifications.push(options as SentNotification);
          },
        },
        logger: mockServices.logger.mock(),
      }),
  });
  const backend = await startTestBackend({
    features: [
      tenantsPlugin,
      notifier,
      mockServices.database.factory({ knex }),
      rolePermissions().factory,
      audit.auditor.factory,
      events.factory,
      scheduler.factory,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          // The tests' identity provider runs on 127.0.0.1.
          tenants: {
            secretKey: TEST_SECRET_KEY,
            sso: { allowPrivateIssuers: true },
            ...config,
          },
        },
      }),
      ...(extraFeatures ?? []),
    ],
  });
  const runTask = async (id: string) => {
    const fn = tasks.get(id);
    if (!fn) throw new Error(`No task ${id}`);
    await (fn as (signal?: AbortSignal) => Promise<void>)(
      new AbortController().signal,
    );
  };
  return {
    backend,
    server: backend.server,
    knex,
    audit,
    published,
    notifications,
    runTask,
  };
}

/** A tiny OIDC issuer: answers its discovery document as told. */
export async function startIssuer(
  answer: (issuer: string) => { status?: number; body: string } | string,
): Promise<{ url: string; close: () => Promise<void> }> {
  let issuer = '';
  const server: Server = createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      const answered = answer(issuer);
      const { status = 200, body } =
        typeof answered === 'string' ? { body: answered } : answered;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: issuer,
    close: () => new Promise(resolve => server.close(() => resolve())),
  };
}

export const discoveryDocument = (issuer: string) =>
  JSON.stringify({
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
  });

import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startBackendWithApps } from '@controlplane/test-utils/apps';
import express from 'express';
import promotionsPlugin from '../index';

/**
 * What the stand-in incidents plugin answers to
 * `GET /maintenance/blocked` (its own tests cover the real one): `status`
 * other than 200 plays an incidents plugin that fails.
 */
export const maintenance = {
  status: 200,
  blocked: false,
  windows: [] as object[],
  asked: [] as URLSearchParams[],
};

const incidentsStandIn = createBackendPlugin({
  pluginId: 'incidents',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({ httpRouter, httpAuth }) {
        const router = express.Router();
        router.get('/maintenance/blocked', async (req, res) => {
          await httpAuth.credentials(req, { allow: ['service'] });
          maintenance.asked.push(
            new URLSearchParams(req.query as Record<string, string>),
          );
          res.status(maintenance.status).json({
            blocked: maintenance.blocked,
            windows: maintenance.windows,
          });
        });
        httpRouter.use(router);
      },
    });
  },
});

/** The deployments every test starts from (as app-config's demo data). */
export const INITIAL_DEPLOYMENTS = [
  {
    target: 'agent:support-triage',
    tenant: 'acme',
    environment: 'development',
    version: '1.5.0',
  },
  {
    target: 'agent:support-triage',
    tenant: 'acme',
    environment: 'staging',
    version: '1.4.2',
  },
  {
    target: 'agent:support-triage',
    tenant: 'acme',
    environment: 'production',
    version: '1.4.1',
  },
  {
    target: 'agent:support-triage',
    tenant: 'globex',
    environment: 'staging',
    version: '1.4.2',
  },
  {
    target: 'agent:support-triage',
    tenant: 'globex',
    environment: 'production',
    version: '1.4.1',
  },
  {
    target: 'app:billing-sync',
    tenant: 'acme',
    environment: 'staging',
    version: '2.0.0',
  },
];

/**
 * The promotions backend among the real apps plugin, permission backend
 * and RBAC policy (see `startBackendWithApps`); notifications are recorded.
 * Who is who:
 * - ada: platform-admin (everything, but never her own requests);
 * - devon, dora: developers (ask for promotions, read);
 * - dana: developer scoped to acme;
 * - april, pat: approvers (read, approve, reject, approve overrides);
 * - abe: approver scoped to acme;
 * - oscar: operator (read, freezes and their overrides);
 * - nobody: no role.
 */
export async function startPromotionsBackend(
  databases: ReturnType<typeof createPortalTestDatabases>,
  databaseId: TestDatabaseId,
  config: JsonObject = {},
) {
  const h = await startBackendWithApps({
    databases,
    databaseId,
    pluginId: 'promotions',
    features: [promotionsPlugin, incidentsStandIn],
    pluginConfig: { initialDeployments: INITIAL_DEPLOYMENTS, ...config },
    initialMembers: {
      'platform-admin': ['user:default/ada'],
      developer: [
        'user:default/devon',
        'user:default/dora',
        'user:default/dana@acme',
      ],
      approver: [
        'user:default/april',
        'user:default/pat',
        'user:default/abe@acme',
      ],
      operator: ['user:default/oscar'],
    },
    catalogUsers: [
      'ada',
      'devon',
      'dora',
      'dana',
      'april',
      'pat',
      'abe',
      'oscar',
      'nobody',
    ],
  });

  const published: Array<{ type: string; [key: string]: unknown }> = [];
  await h.events.subscribe({
    id: `promotions-test-${Math.random()}`,
    topics: ['controlplane.promotions'],
    onEvent: async params => {
      published.push(params.eventPayload as never);
    },
  });

  /** Asks, as `who`, to promote support-triage 1.4.2 for acme staging → production. */
  const askProduction = (who = 'devon', body: object = {}) =>
    h.as(who).post('/requests', {
      target: 'agent:support-triage',
      tenant: 'acme',
      sourceEnvironment: 'staging',
      version: '1.4.2',
      changes: [{ field: 'temperature', before: '0.7', after: '0.5' }],
      ...body,
    });

  /** The version running at a place, from the API. */
  async function runningVersion(
    tenant: string,
    environment: string,
    target = 'agent:support-triage',
  ) {
    const res = await h
      .as('ada')
      .get(
        `/deployments?target=${encodeURIComponent(
          target,
        )}&tenant=${tenant}&environment=${environment}`,
      );
    return res.body.items[0]?.version as string | undefined;
  }

  /** Runs the scheduled housekeeping (expiry, held requests, drift) now. */
  const housekeeping = () => h.scheduler.triggerTask('promotions-housekeeping');

  return {
    ...h,
    published,
    askProduction,
    runningVersion,
    housekeeping,
    auditEvents: () =>
      h.auditEvents(/^(request|policy|rule|freeze|deployment)-/),
  };
}

export type PromotionsHarness = Awaited<
  ReturnType<typeof startPromotionsBackend>
>;

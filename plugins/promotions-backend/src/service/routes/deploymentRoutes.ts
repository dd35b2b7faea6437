import { NotFoundError } from '@backstage/errors';
import { limitOf, requireResourceAccess } from '@controlplane/backend-common';
import {
  promotionRequestResourceType,
  promotionsRequestCreatePermission,
  promotionsRequestReadPermission,
} from '@controlplane/plugin-promotions-common';
import { DeploymentsService } from '../DeploymentsService';
import { RequestsService } from '../RequestsService';
import { actorOf, PromotionsRouter, RouteDeps } from './types';

/** The deployment state: list, reports from running apps, rollback, drift. */
export function deploymentRoutes(
  router: PromotionsRouter,
  deps: RouteDeps & {
    deployments: DeploymentsService;
    requests: RequestsService;
  },
) {
  const { helpers, authorizer, deployments } = deps;

  router.get('/deployments', async (req, res) => {
    const credentials = await helpers.credentialsOf(req);
    const filter = await authorizer.listFilter(
      credentials,
      promotionsRequestReadPermission,
    );
    res.json(
      await deployments.page({
        target: req.query.target,
        tenant: req.query.tenant,
        environment: req.query.environment,
        drift: req.query.drift,
        limit: limitOf(req.query.limit),
        cursor: req.query.cursor,
        filter,
      }),
    );
  });

  router.post('/deployments', async (req, res) => {
    const app = deps.appCredentials.caller(req);
    const { deployment, created } = await helpers.audited(
      req,
      {
        eventId: 'deployment-record',
        severityLevel: 'medium',
        meta: {
          resourceType: 'promotion-deployment',
          resourceId: `${req.body.target}@${req.body.tenant}/development`,
          tenant: req.body.tenant,
        },
      },
      async () => {
        if (app) {
          deps.appCredentials.assertTenant(req, req.body.tenant);
          return deployments.record(req.body, `app:${app.appName}`);
        }
        const credentials = await helpers.credentialsOf(req);
        const actor = await actorOf(deps.userInfo, credentials);
        await authorizer.assertAllowed(
          credentials,
          promotionsRequestCreatePermission,
          { tenant: req.body.tenant, requestedBy: actor.ref },
        );
        return deployments.record(req.body, actor.ref);
      },
    );
    res.status(created ? 201 : 200).json(deployment);
  });

  router.post('/deployments/report', async (req, res) => {
    if (deps.appCredentials.caller(req)) {
      deps.appCredentials.assertTenant(req, req.body.tenant);
    } else {
      await helpers.serviceCredentialsOf(req);
    }
    res.json(await deployments.report(req.body));
  });

  router.post('/deployments/:id/rollback', async (req, res) => {
    const request = await helpers.audited(
      req,
      {
        eventId: 'request-create',
        severityLevel: 'high',
        meta: {
          resourceType: promotionRequestResourceType,
          resourceId: `rollback:${req.params.id}`,
        },
      },
      async () => {
        const credentials = await helpers.credentialsOf(req);
        const readable = requireResourceAccess(
          await authorizer.resourceAccess(
            credentials,
            promotionsRequestReadPermission,
          ),
          promotionsRequestReadPermission,
        );
        const deployment = await deployments.byId(req.params.id);
        if (
          !deployment ||
          !readable({ tenant: deployment.tenant, requestedBy: '' })
        ) {
          throw new NotFoundError(`No deployment ${req.params.id}`);
        }
        const target = await deployments.rollbackTarget(deployment.id);
        const actor = await actorOf(deps.userInfo, credentials);
        const draft = await deps.requests.rollbackDraft(
          target,
          req.body.reason.trim(),
          actor.ref,
        );
        await authorizer.assertAllowed(
          credentials,
          promotionsRequestCreatePermission,
          draft,
        );
        return deps.requests.create(draft);
      },
    );
    res.status(201).json(request);
  });

  router.get('/drift', async (req, res) => {
    const credentials = await helpers.credentialsOf(req);
    const filter = await authorizer.listFilter(
      credentials,
      promotionsRequestReadPermission,
    );
    res.json({ tenants: await deployments.driftSummary(filter) });
  });

  router.get('/platform-summary', async (req, res) => {
    await helpers.pluginCredentialsOf(req, ['platform-health']);
    res.json(await deployments.platformSummary());
  });

  router.get('/entities', async (req, res) => {
    await helpers.pluginCredentialsOf(req, ['catalog']);
    res.json({ entities: await deployments.entities() });
  });
}

import { AnyRequest, actorRef } from '@controlplane/backend-common';
import {
  promotionsFreezeManagePermission,
  promotionsPolicyUpdatePermission,
  promotionsRequestReadPermission,
  promotionsRuleManagePermission,
} from '@controlplane/plugin-promotions-common';
import { GovernanceService } from '../GovernanceService';
import { RequestsService } from '../RequestsService';
import { PromotionsRouter, RouteDeps } from './types';

/** Approval policies, rules and freezes. */
export function governanceRoutes(
  router: PromotionsRouter,
  deps: RouteDeps & {
    governance: GovernanceService;
    requests: RequestsService;
  },
) {
  const { helpers, authorizer, governance } = deps;

  /** Readers of requests read how they are governed too. */
  async function assertReader(req: AnyRequest) {
    const credentials = await helpers.credentialsOf(req);
    await authorizer.listFilter(credentials, promotionsRequestReadPermission);
  }

  router.get('/policies', async (req, res) => {
    await assertReader(req);
    res.json({ items: await governance.policies() });
  });

  router.put('/policies/:environment', async (req, res) => {
    res.json(
      await helpers.auditedBasic(
        req,
        {
          eventId: 'policy-update',
          severityLevel: 'high',
          meta: {
            resourceType: 'promotion-policy',
            resourceId: req.params.environment,
          },
        },
        promotionsPolicyUpdatePermission,
        credentials =>
          governance.updatePolicy(
            req.params.environment,
            req.body,
            actorRef(credentials),
          ),
      ),
    );
  });

  router.get('/rules', async (req, res) => {
    await assertReader(req);
    res.json({ items: await governance.rules() });
  });

  router.post('/rules', async (req, res) => {
    const rule = await helpers.auditedBasic(
      req,
      {
        eventId: 'rule-create',
        severityLevel: 'high',
        meta: { resourceType: 'promotion-rule', resourceId: req.body.name },
      },
      promotionsRuleManagePermission,
      credentials =>
        governance.putRule(undefined, req.body, actorRef(credentials)),
    );
    res.status(201).json(rule);
  });

  router.put('/rules/:id', async (req, res) => {
    res.json(
      await helpers.auditedBasic(
        req,
        {
          eventId: 'rule-update',
          severityLevel: 'high',
          meta: { resourceType: 'promotion-rule', resourceId: req.params.id },
        },
        promotionsRuleManagePermission,
        credentials =>
          governance.putRule(req.params.id, req.body, actorRef(credentials)),
      ),
    );
  });

  router.get('/freezes', async (req, res) => {
    await assertReader(req);
    res.json({ items: await governance.freezes(req.query.all === 'true') });
  });

  router.post('/freezes', async (req, res) => {
    const freeze = await helpers.auditedBasic(
      req,
      {
        eventId: 'freeze-create',
        severityLevel: 'high',
        meta: {
          resourceType: 'promotion-freeze',
          resourceId: req.body.environment,
          ...(req.body.tenant ? { tenant: req.body.tenant } : {}),
        },
      },
      promotionsFreezeManagePermission,
      credentials => governance.createFreeze(req.body, actorRef(credentials)),
    );
    res.status(201).json(freeze);
  });

  router.post('/freezes/:id/lift', async (req, res) => {
    const lifted = await helpers.auditedBasic(
      req,
      {
        eventId: 'freeze-lift',
        severityLevel: 'high',
        meta: { resourceType: 'promotion-freeze', resourceId: req.params.id },
      },
      promotionsFreezeManagePermission,
      credentials =>
        governance.liftFreeze(req.params.id, actorRef(credentials)),
    );
    // Approved requests the freeze held go ahead now.
    await deps.requests.applyReleased();
    res.json(lifted);
  });
}

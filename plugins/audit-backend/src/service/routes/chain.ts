import { PermissionsService } from '@backstage/backend-plugin-api';
import { assertBasicAllowed, limitOf } from '@controlplane/backend-common';
import {
  auditChainAcknowledgePermission,
  auditChainVerifyPermission,
  CheckpointPage,
} from '@controlplane/plugin-audit-common';
import { VerificationService } from '../VerificationService';
import { cursorOf, seqOfCursor } from './params';
import { AuditRouter, CallerOf, RouteHelpers } from './types';

/** The key new checkpoints are signed with, as GET /checkpoints shows it. */
export type SigningKey = CheckpointPage['signingKey'];

/**
 * The integrity of the trail (audit.chain.verify): GET /verify walks the
 * chain, GET /checkpoints lists the signed checkpoints, and the
 * acknowledgements of known broken ranges (made with
 * audit.chain.acknowledge, audited).
 */
export function chainRoutes(
  router: AuditRouter,
  deps: {
    helpers: RouteHelpers;
    callerOf: CallerOf;
    permissions: PermissionsService;
    verification: VerificationService;
    signingKey: SigningKey;
  },
) {
  const { helpers, callerOf, permissions, verification, signingKey } = deps;

  router.get('/verify', async (req, res) => {
    await helpers.authorizeBasic(req, auditChainVerifyPermission);
    res.json(await verification.verify());
  });

  router.get('/verify/acknowledgements', async (req, res) => {
    await helpers.authorizeBasic(req, auditChainVerifyPermission);
    res.json({ acknowledgements: await verification.acknowledgements() });
  });

  router.post('/verify/acknowledgements', async (req, res) => {
    const { fromSeq, toSeq, reason } = req.body;
    const ack = await helpers.audited(
      req,
      {
        eventId: 'chain-acknowledge',
        severityLevel: 'critical',
        meta: {
          resourceType: 'audit-chain-range',
          resourceId: `${fromSeq}-${toSeq}`,
        },
      },
      async () => {
        // Users only: an acknowledgement names the person who made it.
        const credentials = await helpers.userCredentialsOf(req);
        await assertBasicAllowed(
          permissions,
          credentials,
          auditChainAcknowledgePermission,
        );
        return verification.acknowledge(
          { fromSeq, toSeq, reason },
          credentials.principal.userEntityRef,
        );
      },
    );
    res.status(201).json(ack);
  });

  router.get('/checkpoints', async (req, res) => {
    await assertBasicAllowed(
      permissions,
      await callerOf(req),
      auditChainVerifyPermission,
    );
    const page = await verification.checkpoints({
      limit: limitOf(req.query.limit),
      beforeSeq: seqOfCursor(req.query.cursor, 'desc'),
    });
    res.json({
      checkpoints: page.checkpoints,
      nextCursor:
        page.nextBeforeSeq === undefined
          ? undefined
          : cursorOf(page.nextBeforeSeq, 'desc'),
      signingKey,
    });
  });
}

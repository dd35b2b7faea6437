import { PermissionsService } from '@backstage/backend-plugin-api';
import { assertBasicAllowed, limitOf } from '@controlplane/backend-common';
import {
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
 * chain, GET /checkpoints lists the signed checkpoints.
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

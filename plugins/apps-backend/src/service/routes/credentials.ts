import { actorRef, limitOf, listOf } from '@controlplane/backend-common';
import {
  appsCredentialCreatePermission,
  appsCredentialReadPermission,
  appsCredentialRevokePermission,
  appsCredentialRotatePermission,
} from '@controlplane/plugin-apps-common';
import { AppsRouter, createAppAccess, RouteDeps } from './access';

/** The rotation grace period when the request names none. */
const DEFAULT_GRACE_HOURS = 24;

/** Credentials ("API keys"): issue on an app, list, read, rotate, revoke. */
export function credentialRoutes(router: AppsRouter, deps: RouteDeps) {
  const { authorizer, helpers } = deps;
  const { credentials: service } = deps.services;
  const access = createAppAccess(deps);

  router.post('/apps/:id/api-keys', async (req, res) => {
    const issued = await access.appChange(
      req,
      req.params.id,
      appsCredentialCreatePermission,
      {
        eventId: 'credential.issued',
        severityLevel: 'high',
        meta: { resourceType: 'app-credential', appId: req.params.id },
      },
      ({ app, credentials }) =>
        service.issue(app, req.body, actorRef(credentials)),
    );
    res.status(201).json(issued);
  });

  router.get('/api-keys', async (req, res) => {
    const credentials = await helpers.credentialsOf(req);
    const filter = await authorizer.listFilter(
      credentials,
      appsCredentialReadPermission,
    );
    const { appId, status, owner, expiresBefore, limit, cursor } = req.query;
    res.json(
      await service.listCredentials({
        appId: appId || undefined,
        status,
        owner: listOf(owner),
        expiresBefore: expiresBefore
          ? new Date(expiresBefore).toISOString()
          : undefined,
        limit: limitOf(limit),
        cursor: cursor || undefined,
        filter,
      }),
    );
  });

  router.get('/api-keys/:keyId', async (req, res) => {
    const { credential } = await access.credential(
      req,
      appsCredentialReadPermission,
      req.params.keyId,
    );
    res.json(credential);
  });

  router.post('/api-keys/:keyId/rotate', async (req, res) => {
    // The body is optional: express.json() leaves none as undefined or {}.
    const grace = req.body?.gracePeriodHours ?? DEFAULT_GRACE_HOURS;
    res.json(
      await access.credentialChange(
        req,
        req.params.keyId,
        appsCredentialRotatePermission,
        { eventId: 'credential.rotated', meta: { gracePeriodHours: grace } },
        ({ credential, app }) => service.rotate(credential, app, grace),
      ),
    );
  });

  router.delete('/api-keys/:keyId', async (req, res) => {
    res.json(
      await access.credentialChange(
        req,
        req.params.keyId,
        appsCredentialRevokePermission,
        { eventId: 'credential.revoked' },
        ({ credential, app, credentials }) =>
          service.revoke(credential, app, actorRef(credentials)),
      ),
    );
  });
}

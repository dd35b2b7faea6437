import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { actorRef, limitOf, listOf } from '@controlplane/backend-common';
import {
  appsAppCreatePermission,
  appsAppDisablePermission,
  appsAppReadPermission,
  appsAppUpdatePermission,
} from '@controlplane/plugin-apps-common';
import { AppsRouter, createAppAccess, RouteDeps } from './access';

/** `/apps`: list, register, read, change, disable and enable, rate limits. */
export function appRoutes(router: AppsRouter, deps: RouteDeps) {
  const { authorizer, helpers } = deps;
  const { apps } = deps.services;
  const access = createAppAccess(deps);

  /**
   * Who may register an app for whom: callers who may change every app
   * (`apps.app.update` allowed outright: operators, admins, services) for
   * any owner; everyone else (developers) only for themselves or one of
   * their groups, so nobody registers apps in another team's name.
   */
  async function assertMayOwn(
    credentials: BackstageCredentials,
    owner: string,
  ) {
    const update = await authorizer.listAccess(
      credentials,
      appsAppUpdatePermission,
    );
    if (update.allowed && !update.filter) return;
    if ((credentials.principal as { type: string }).type !== 'user') {
      throw new NotAllowedError('Only users and operators may register apps');
    }
    const { ownershipEntityRefs } = await deps.userInfo.getUserInfo(
      credentials as BackstageCredentials<BackstageUserPrincipal>,
    );
    const refs = ownershipEntityRefs.map(ref => ref.toLocaleLowerCase('en-US'));
    if (!refs.includes(owner.trim().toLocaleLowerCase('en-US'))) {
      throw new NotAllowedError(
        `You may register apps only for yourself or your groups (${ownershipEntityRefs.join(
          ', ',
        )}), not for ${owner}`,
      );
    }
  }

  router.get('/apps', async (req, res) => {
    const credentials = await helpers.credentialsOf(req);
    const filter = await authorizer.listFilter(
      credentials,
      appsAppReadPermission,
    );
    const { search, status, tenant, owner, limit, cursor } = req.query;
    res.json(
      await apps.listApps({
        search: search || undefined,
        status,
        tenant,
        owner: listOf(owner),
        limit: limitOf(limit),
        cursor: cursor || undefined,
        filter,
      }),
    );
  });

  router.post('/apps', async (req, res) => {
    const app = await helpers.audited(
      req,
      {
        eventId: 'app.registered',
        severityLevel: 'high',
        meta: {
          resourceType: 'app',
          resourceId: req.body.name,
          app: req.body.name,
        },
      },
      async () => {
        const credentials = await helpers.authorizeBasic(
          req,
          appsAppCreatePermission,
        );
        await assertMayOwn(credentials, req.body.owner);
        return apps.register(req.body, actorRef(credentials));
      },
    );
    res.status(201).json(app);
  });

  router.get('/apps/:id', async (req, res) => {
    const { app } = await access.app(req, appsAppReadPermission, req.params.id);
    res.json(app);
  });

  router.patch('/apps/:id', async (req, res) => {
    const patch = req.body;
    res.json(
      await access.appChange(
        req,
        req.params.id,
        appsAppUpdatePermission,
        { eventId: 'app.updated', severityLevel: 'high' },
        ({ app, isAllowed }) => {
          // A member scoped to tenants may not make the app reach a tenant
          // outside their scope (nor leave it with none).
          if (patch.tenants && !isAllowed({ ...app, tenants: patch.tenants })) {
            throw new NotAllowedError(
              'You may only make an app serve tenants within your scope',
            );
          }
          return apps.update(app, patch);
        },
      ),
    );
  });

  router.post('/apps/:id/disable', async (req, res) => {
    const { reason } = req.body;
    res.json(
      await access.appChange(
        req,
        req.params.id,
        appsAppDisablePermission,
        {
          eventId: 'app.disabled',
          severityLevel: 'critical',
          meta: { reason },
        },
        ({ app }) => apps.disable(app, reason),
      ),
    );
  });

  router.post('/apps/:id/enable', async (req, res) => {
    res.json(
      await access.appChange(
        req,
        req.params.id,
        appsAppDisablePermission,
        { eventId: 'app.enabled', severityLevel: 'high' },
        ({ app }) => apps.enable(app),
      ),
    );
  });

  router.put('/apps/:id/rate-limits', async (req, res) => {
    res.json(
      await access.appChange(
        req,
        req.params.id,
        appsAppUpdatePermission,
        { eventId: 'ratelimits.updated', severityLevel: 'high' },
        ({ app }) => apps.setRateLimits(app, req.body.rules),
      ),
    );
  });
}

import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { createPermission } from '@backstage/plugin-permission-common';
import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import {
  applyPermissionFilter,
  ColumnFilter,
  createNotRequesterRule,
  createTenantRule,
  requireListAccess,
  ResourceAuthorizer,
  servePermissionDescriptions,
} from '@controlplane/backend-common';
import Router from 'express-promise-router';

/**
 * A small plugin shaped like the portal's domain plugins (tenant-owned
 * requests that somebody approves), used to test the RBAC policy's
 * conditional decisions end to end: tenant scoping of lists in SQL and
 * separation of duties on approval.
 */
export interface FixtureRequest {
  id: string;
  tenant: string;
  requester: string;
}

export const fixtureRequestRef = createPermissionResourceRef<
  FixtureRequest,
  ColumnFilter
>().with({ pluginId: 'fixture', resourceType: 'fixture-request' });

export const fixtureRequestRead = createPermission({
  name: 'fixture.request.read',
  attributes: { action: 'read' },
  resourceType: 'fixture-request',
});
export const fixtureRequestApprove = createPermission({
  name: 'fixture.request.approve',
  attributes: { action: 'update' },
  resourceType: 'fixture-request',
});

export const FIXTURE_REQUESTS: FixtureRequest[] = [
  { id: 'r1', tenant: 'acme', requester: 'user:default/tina' },
  { id: 'r2', tenant: 'acme', requester: 'user:default/oscar' },
  { id: 'r3', tenant: 'globex', requester: 'user:default/oscar' },
  { id: 'r4', tenant: 'initech', requester: 'user:default/ada' },
];

export const fixtureRequestsPlugin = createBackendPlugin({
  pluginId: 'fixture',
  register(env) {
    env.registerInit({
      deps: {
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        database,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
      }) {
        const db = await database.getClient();
        await db.schema.createTable('fixture_requests', table => {
          table.string('id').primary();
          table.string('tenant').notNullable().index();
          table.string('requester').notNullable();
        });
        await db('fixture_requests').insert(FIXTURE_REQUESTS);
        const load = (ids: string[]) =>
          db<FixtureRequest>('fixture_requests').whereIn('id', ids);

        permissionsRegistry.addResourceType({
          resourceRef: fixtureRequestRef,
          permissions: [fixtureRequestRead, fixtureRequestApprove],
          rules: [
            createTenantRule({
              resourceRef: fixtureRequestRef,
              column: 'tenant',
              getTenant: request => request.tenant,
            }),
            createNotRequesterRule({
              resourceRef: fixtureRequestRef,
              column: 'requester',
              getRequester: request => request.requester,
            }),
          ],
          async getResources(ids) {
            const rows = await load(ids);
            return ids.map(id => rows.find(row => row.id === id));
          },
        });
        servePermissionDescriptions(
          httpRouter,
          [fixtureRequestRead, fixtureRequestApprove],
          {
            [fixtureRequestRead.name]: 'See the requests of a tenant',
            [fixtureRequestApprove.name]: 'Approve a request',
          },
        );
        const authorizer = new ResourceAuthorizer({
          permissions,
          ruleset: permissionsRegistry.getPermissionRuleset(fixtureRequestRef),
        });

        const router = Router();
        router.get('/requests', async (req, res) => {
          const credentials = await httpAuth.credentials(req);
          const filter = requireListAccess(
            await authorizer.listAccess(credentials, fixtureRequestRead),
            fixtureRequestRead,
          );
          const query = db('fixture_requests').select('id').orderBy('id');
          const rows = filter
            ? await applyPermissionFilter(query, filter)
            : await query;
          res.json({ ids: rows.map((row: { id: string }) => row.id) });
        });
        router.post('/requests/:id/approve', async (req, res) => {
          const credentials = await httpAuth.credentials(req);
          const [request] = await load([req.params.id]);
          if (!request) throw new NotFoundError(`No request ${req.params.id}`);
          await authorizer.assertAllowed(
            credentials,
            fixtureRequestApprove,
            request,
          );
          res.json({ approved: request.id });
        });
        httpRouter.use(router);
      },
    });
  },
});

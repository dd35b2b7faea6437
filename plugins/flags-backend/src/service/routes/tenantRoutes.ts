import { NotFoundError } from '@backstage/errors';
import { limitOf, requireResourceAccess } from '@controlplane/backend-common';
import {
  Environment,
  flagsTenantReadPermission,
  MatrixRow,
} from '@controlplane/plugin-flags-common';
import { FlagsStores } from '../../database/stores';
import { FlagConfigCache } from '../FlagConfigCache';
import { TenantAuthorizer } from './definitionRoutes';
import { FlagsRouter, RouteHelpers } from './types';

/**
 * The per-tenant views: a tenant's effective flags (what tenant admins see,
 * read-only), "evaluate as", and the tenants × flags matrix. All need
 * `flags.tenant.read` on the tenants shown.
 */
export function tenantRoutes(
  router: FlagsRouter,
  deps: {
    helpers: RouteHelpers;
    tenantAuthorizer: TenantAuthorizer;
    cache: FlagConfigCache;
    stores: FlagsStores;
    defaultEnvironment: Environment;
  },
) {
  const { helpers, tenantAuthorizer, cache, defaultEnvironment } = deps;

  /** 403 without the permission anywhere, 404 for an unknown or out-of-reach tenant. */
  async function readableTenant(
    req: Parameters<RouteHelpers['credentialsOf']>[0],
    tenant: string,
  ) {
    const credentials = await helpers.credentialsOf(req);
    const isAllowed = requireResourceAccess(
      await tenantAuthorizer.resourceAccess(
        credentials,
        flagsTenantReadPermission,
      ),
      flagsTenantReadPermission,
    );
    const snapshot = await cache.current();
    const known = snapshot.tenant(tenant);
    if (!known || !isAllowed({ tenant })) {
      throw new NotFoundError(`No tenant ${tenant}`);
    }
    return { snapshot, known };
  }

  router.get('/tenants/:tenant/flags', async (req, res) => {
    const { snapshot, known } = await readableTenant(req, req.params.tenant);
    const environment = req.query.environment ?? defaultEnvironment;
    res.json({
      tenant: known.tenant,
      plan: known.plan,
      environment,
      flags: snapshot.evaluateAll(known.tenant, environment, {
        tenant: known.tenant,
        environment,
      }),
    });
  });

  router.post('/evaluate', async (req, res) => {
    const { snapshot, known } = await readableTenant(req, req.body.tenant);
    const environment = req.body.environment ?? defaultEnvironment;
    const context = {
      ...(req.body.context ?? {}),
      tenant: known.tenant,
      environment,
    };
    res.json({
      tenant: known.tenant,
      plan: known.plan,
      environment,
      flags: snapshot.evaluateAll(
        known.tenant,
        environment,
        context,
        req.body.keys ? new Set(req.body.keys) : undefined,
      ),
    });
  });

  router.get('/matrix', async (req, res) => {
    const credentials = await helpers.credentialsOf(req);
    const filter = await tenantAuthorizer.listFilter(
      credentials,
      flagsTenantReadPermission,
    );
    const environment = req.query.environment ?? defaultEnvironment;
    const [page, snapshot] = await Promise.all([
      deps.stores.tenants.page({
        search: req.query.search || undefined,
        limit: limitOf(req.query.limit),
        cursor: req.query.cursor,
        filter,
      }),
      cache.current(),
    ]);
    const flags = snapshot.flags.filter(flag =>
      flag.environments.includes(environment),
    );
    const rows: MatrixRow[] = page.rows.map(tenant => {
      const cells: MatrixRow['cells'] = {};
      for (const evaluation of snapshot.evaluateAll(
        tenant.tenant,
        environment,
        {
          tenant: tenant.tenant,
          environment,
        },
      )) {
        if (evaluation.variant && evaluation.layer) {
          cells[evaluation.key] = {
            variant: evaluation.variant,
            value: evaluation.value,
            layer: evaluation.layer,
          };
        }
      }
      return {
        tenant: tenant.tenant,
        plan: tenant.plan,
        status: tenant.status,
        cells,
      };
    });
    res.json({
      environment,
      flags: flags.map(flag => ({
        key: flag.key,
        type: flag.type,
        lifecycle: flag.lifecycle,
        killed: flag.killed,
      })),
      rows,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  });
}

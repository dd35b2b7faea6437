import {
  HttpAuthService,
  PermissionsService,
  AuditorService,
} from '@backstage/backend-plugin-api';
import {
  createRouteHelpers,
  ResourceAuthorizer,
  TenantResource,
  TypedRouter,
} from '@controlplane/backend-common';
import {
  PlatformHealthApiPaths,
  platformHealthDashboardReadPermission,
  platformHealthTenantResourceType,
} from '@controlplane/plugin-platform-health-common';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { Request, Router } from 'express';
import { createOpenApiRouter } from '../schema/openapi/generated/router';
import { OverviewService } from '../overview/OverviewService';
import { ExecutiveMetrics } from './ExecutiveMetrics';
import { RequestMetricsReader } from './RequestMetricsReader';

export interface RouterOptions {
  requestMetrics: RequestMetricsReader;
  overview: OverviewService;
  executive: ExecutiveMetrics;
  authorizer: ResourceAuthorizer<
    TenantResource,
    typeof platformHealthTenantResourceType
  >;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}

/**
 * The REST API, HTTP only (src/schema/openapi.yaml): a request that does not
 * match the contract is a 400 before any handler runs. Read-only: nothing
 * here changes state, so nothing is audited.
 */
export function createRouter(options: RouterOptions): Router {
  const { requestMetrics, overview, executive, authorizer } = options;
  const router: TypedRouter<PlatformHealthApiPaths> = createOpenApiRouter();
  const { credentialsOf } = createRouteHelpers(options);

  router.get('/overview', async (req, res) => {
    const credentials = await credentialsOf(req);
    // One decision: 403 without the permission; otherwise the platform, or
    // the tenants a scoped role reaches (as SQL filter and as a check).
    const access = await authorizer.scopedAccess(
      credentials,
      platformHealthDashboardReadPermission,
    );
    if (!access.allowed) {
      throw new NotAllowedError(
        `You are not allowed ${platformHealthDashboardReadPermission.name}`,
      );
    }
    const only = req.query.tenant;
    if (only && !access.isAllowed({ tenant: only })) {
      // Like a missing tenant, so names out of reach cannot be probed.
      throw new NotFoundError(`No tenant ${only} in reach`);
    }
    res.json(
      await overview.overview(
        only
          ? { tenant: only }
          : {
              filter: access.filter,
              includes: tenant => access.isAllowed({ tenant }),
            },
      ),
    );
  });

  /** 403 without the permission; a tenant-scoped holder's SQL filter. */
  const filterOf = async (req: Request) =>
    authorizer.listFilter(
      await credentialsOf(req),
      platformHealthDashboardReadPermission,
    );

  router.get('/metrics/summary', async (req, res) => {
    res.json(
      await executive.summary({
        period: req.query.period ?? '7d',
        filter: await filterOf(req),
      }),
    );
  });

  router.get('/metrics/timeseries', async (req, res) => {
    res.json(
      await executive.timeSeries({
        metric: req.query.metric,
        period: req.query.period ?? '7d',
        interval: req.query.interval ?? '1d',
        plugin: req.query.plugin,
        filter: await filterOf(req),
      }),
    );
  });

  router.get('/metrics/errors', async (req, res) => {
    res.json(
      await executive.errors({
        period: req.query.period ?? '7d',
        filter: await filterOf(req),
      }),
    );
  });

  router.get('/metrics/requests', async (req, res) => {
    // 403 without the permission; a tenant-scoped holder gets the SQL
    // filter of their tenants.
    const filter = await authorizer.listFilter(
      await credentialsOf(req),
      platformHealthDashboardReadPermission,
    );
    res.json(
      await requestMetrics.report({
        window: req.query.window ?? '1h',
        by: req.query.by ?? 'route',
        plugin: req.query.plugin,
        filter,
      }),
    );
  });

  return router;
}

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
import { metricsScopeOf } from './metricsScope';
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

  /** 403 without the permission; otherwise the caller's reach. */
  const accessOf = async (req: Request) => {
    const access = await authorizer.scopedAccess(
      await credentialsOf(req),
      platformHealthDashboardReadPermission,
    );
    if (!access.allowed) {
      throw new NotAllowedError(
        `You are not allowed ${platformHealthDashboardReadPermission.name}`,
      );
    }
    return access;
  };
  const scopeOf = async (req: Request) => metricsScopeOf(await accessOf(req));

  router.get('/overview', async (req, res) => {
    // One decision: the platform, or the tenants a scoped role reaches (as
    // SQL filter and as a check).
    const access = await accessOf(req);
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

  router.get('/metrics/summary', async (req, res) => {
    res.json(
      await executive.summary({
        period: req.query.period ?? '7d',
        ...(await scopeOf(req)),
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
        ...(await scopeOf(req)),
      }),
    );
  });

  router.get('/metrics/errors', async (req, res) => {
    res.json(
      await executive.errors({
        period: req.query.period ?? '7d',
        ...(await scopeOf(req)),
      }),
    );
  });

  router.get('/metrics/requests', async (req, res) => {
    // A tenant-scoped holder gets the SQL filter of their tenants.
    const { filter } = await scopeOf(req);
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

import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createRouteHelpers } from '@controlplane/backend-common';
import { AppCredentialsService } from '@controlplane/plugin-apps-node';
import express, { Router } from 'express';
import { BillingConfig, pricingOf } from '../config';
import { BillingStores } from '../database/stores';
import { createOpenApiRouter } from '../schema/openapi/generated/router';
import { AccountsService } from './AccountsService';
import { BudgetAlerts } from './BudgetAlerts';
import { ExportService } from './ExportService';
import { IngestionService } from './IngestionService';
import { PlatformSummaryService } from './PlatformSummaryService';
import { UsageService } from './UsageService';
import { appRoutes } from './routes/appRoutes';
import { overviewRoutes } from './routes/overviewRoutes';
import { tenantRoutes } from './routes/tenantRoutes';
import { BillingRouter, TenantAuthorizer } from './routes/types';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  appCredentials: AppCredentialsService;
  tenantAuthorizer: TenantAuthorizer;
  stores: BillingStores;
  config: BillingConfig;
  ingestion: IngestionService;
  exports: ExportService;
  usage: UsageService;
  accounts: AccountsService;
  alerts: BudgetAlerts;
  platformSummary: PlatformSummaryService;
}

/** The plugin whose platform dashboard reads `GET /platform-summary`. */
const PLATFORM_HEALTH_PLUGIN_ID = 'platform-health';

/**
 * The billing REST API on the contract's router (src/schema/openapi.yaml):
 * apps' ingestion and export, users' per-tenant routes, pricing, and the
 * platform dashboard's summary.
 */
export function createRouter(options: RouterOptions): Router {
  const helpers = createRouteHelpers(options);
  const router: BillingRouter = createOpenApiRouter({
    // A batch of 1,000 events with properties.
    middleware: [express.json({ limit: '1mb' })],
  });

  appRoutes(router, { ...options, helpers });
  tenantRoutes(router, { ...options, helpers });
  overviewRoutes(router, { ...options, helpers });

  router.get('/pricing', async (req, res) => {
    await helpers.userCredentialsOf(req);
    res.json(pricingOf(options.config));
  });

  router.post('/estimate', async (req, res) => {
    await helpers.userCredentialsOf(req);
    res.json(options.usage.estimate(req.body, undefined));
  });

  router.get('/platform-summary', async (req, res) => {
    await helpers.pluginCredentialsOf(req, [PLATFORM_HEALTH_PLUGIN_ID]);
    res.json(await options.platformSummary.summary());
  });

  router.get('/platform-usage', async (req, res) => {
    await helpers.pluginCredentialsOf(req, [PLATFORM_HEALTH_PLUGIN_ID]);
    const tenants = req.query.tenant && [req.query.tenant].flat();
    res.json(
      await options.platformSummary.usageSeries(
        req.query.from,
        tenants ? [...new Set(tenants)] : undefined,
      ),
    );
  });

  // Apps authenticate before the contract's validation: write for
  // ingestion, read for the export; other backends may call both.
  const authenticated = Router();
  authenticated.post(
    '/events',
    options.appCredentials.accept({
      scope: 'billing:write',
      allowBackstage: ['service'],
    }),
  );
  authenticated.get(
    '/export',
    options.appCredentials.accept({
      scope: 'billing:read',
      allowBackstage: ['service'],
    }),
  );
  authenticated.use(router);
  return authenticated;
}

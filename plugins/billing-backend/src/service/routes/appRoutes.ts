import { InputError } from '@backstage/errors';
import { AppCredentialsService } from '@controlplane/plugin-apps-node';
import { ExportService } from '../ExportService';
import { IngestionService } from '../IngestionService';
import { BudgetAlerts } from '../BudgetAlerts';
import { UsageService } from '../UsageService';
import { BillingRouter, RouteHelpers } from './types';

/** The routes of managed apps and backend services: ingestion and export. */
export function appRoutes(
  router: BillingRouter,
  deps: {
    helpers: RouteHelpers;
    appCredentials: AppCredentialsService;
    ingestion: IngestionService;
    exports: ExportService;
    alerts: BudgetAlerts;
    usage: UsageService;
  },
) {
  const { appCredentials } = deps;

  /** Whose event ids these are: the app, or the calling service. */
  async function callerOf(
    req: Parameters<RouteHelpers['serviceCredentialsOf']>[0],
  ) {
    const app = appCredentials.caller(req);
    if (app) {
      return {
        source: `app:${app.appId}`,
        app: { appName: app.appName, tenants: app.tenants },
      };
    }
    const credentials = await deps.helpers.serviceCredentialsOf(req);
    return { source: `service:${credentials.principal.subject}` };
  }

  router.post('/events', async (req, res) => {
    const caller = await callerOf(req);
    const { tenants, ...result } = await deps.ingestion.ingest(
      caller,
      req.body.events,
    );
    res.json(result);
    // Budget alerts after the answer: recording never waits for them.
    deps.alerts.schedule(tenants);
  });

  router.get('/export', async (req, res) => {
    await callerOf(req);
    appCredentials.assertTenant(req, req.query.tenant);
    const format = req.query.format ?? 'csv';
    const limit = req.query.limit ? Number(req.query.limit) : 10_000;
    if (limit > 100_000) throw new InputError('limit is at most 100000');
    const page = await deps.exports.plan({
      tenant: req.query.tenant,
      period: req.query.period ?? deps.usage.currentPeriod(),
      cursor: req.query.cursor,
      limit,
    });
    res.status(200);
    res.setHeader(
      'Content-Type',
      format === 'csv'
        ? 'text/csv; charset=utf-8'
        : 'application/x-ndjson; charset=utf-8',
    );
    if (page.nextCursor) res.setHeader('X-Next-Cursor', page.nextCursor);
    res.setHeader('X-Settled-Before', page.settled);
    await deps.exports.write(page, format, res);
    res.end();
  });
}

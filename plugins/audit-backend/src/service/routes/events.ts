import { AppCredentialsService } from '@controlplane/plugin-apps-node';
import { IngestionService } from '../IngestionService';
import { AuditRouter, RouteHelpers } from './types';

/**
 * POST /events: batches of managed applications (authenticated with their
 * app credentials before this route) and of other backends.
 */
export function eventRoutes(
  router: AuditRouter,
  deps: {
    helpers: RouteHelpers;
    appCredentials: AppCredentialsService;
    ingestion: IngestionService;
  },
) {
  const { helpers, appCredentials, ingestion } = deps;

  router.post('/events', async (req, res) => {
    const { events } = req.body;
    const app = appCredentials.caller(req);
    let source: string;
    if (app) {
      // Checked for the whole batch before anything is stored.
      for (const event of events) {
        if (typeof event?.tenant === 'string') {
          appCredentials.assertTenant(req, event.tenant);
        }
      }
      source = `app:${app.appName}`;
    } else {
      const credentials = await helpers.serviceCredentialsOf(req);
      source = `service:${credentials.principal.subject}`;
    }
    res.json(await ingestion.ingest(source, events));
  });
}

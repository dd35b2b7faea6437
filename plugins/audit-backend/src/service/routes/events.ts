import { InputError } from '@backstage/errors';
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
    if (app) {
      // Checked for the whole batch before anything is stored. An app that
      // serves specific tenants names one on every event: otherwise its
      // events would pass as the whole platform's.
      events.forEach((event, index) => {
        if (typeof event?.tenant === 'string') {
          appCredentials.assertTenant(req, event.tenant);
        } else if (app.tenants.length > 0) {
          throw new InputError(
            `events[${index}].tenant is required: app ${
              app.appName
            } serves specific tenants (${app.tenants.slice(0, 5).join(', ')}${
              app.tenants.length > 5 ? ', ...' : ''
            })`,
          );
        }
      });
      res.json(
        await ingestion.ingest(
          { source: `app:${app.appName}`, app: { appName: app.appName } },
          events,
        ),
      );
      return;
    }
    const credentials = await helpers.serviceCredentialsOf(req);
    res.json(
      await ingestion.ingest(
        { source: `service:${credentials.principal.subject}` },
        events,
      ),
    );
  });
}

import { QueryService } from '../QueryService';
import { AuditRouter, RouteHelpers } from './types';

/** The plugin whose platform dashboard reads `GET /platform-summary`. */
const PLATFORM_HEALTH_PLUGIN_ID = 'platform-health';

/**
 * What the platform dashboard reads: only the platform-health plugin's
 * service principal (users, even platform admins, and other services get
 * 403).
 */
export function platformRoutes(
  router: AuditRouter,
  deps: { helpers: RouteHelpers; query: QueryService },
) {
  const { helpers, query } = deps;

  router.get('/platform-summary', async (req, res) => {
    await helpers.pluginCredentialsOf(req, [PLATFORM_HEALTH_PLUGIN_ID]);
    res.json(await query.platformSummary());
  });
}

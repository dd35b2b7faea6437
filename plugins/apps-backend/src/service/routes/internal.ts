import { AppsRouter, RouteDeps } from './access';

/** The plugin whose entity provider reads `GET /entities`. */
const CATALOG_PLUGIN_ID = 'catalog';

/** The plugin whose platform dashboard reads `GET /platform-summary`. */
const PLATFORM_HEALTH_PLUGIN_ID = 'platform-health';

/** Whether an If-None-Match header names the revision (`"7"`, `W/"7"`, `*`). */
function matchesRevision(header: string | undefined, revision: string) {
  if (!header) return false;
  return header
    .split(',')
    .map(tag => tag.trim().replace(/^W\//, ''))
    .some(tag => tag === '*' || tag === `"${revision}"`);
}

/**
 * What other plugins read, each endpoint only for the plugins that need it
 * (users and other services get 403): the credential snapshot for the
 * plugins that verify app credentials, the catalog entities for the catalog,
 * the platform summary for the platform dashboard.
 */
export function internalRoutes(router: AppsRouter, deps: RouteDeps) {
  const { helpers, credentialConsumers } = deps;
  const { snapshot, entities, platformSummary } = deps.services;

  router.get('/credentials/snapshot', async (req, res) => {
    // Secret hashes: only for the verifiers.
    await helpers.pluginCredentialsOf(req, credentialConsumers);
    res.setHeader('Cache-Control', 'no-cache');
    // Cheap revalidation: one row read before building anything.
    const revision = await snapshot.revision();
    if (matchesRevision(req.header('if-none-match'), revision)) {
      res.setHeader('ETag', `"${revision}"`);
      res.status(304).end();
      return;
    }
    const current = await snapshot.snapshot();
    res.setHeader('ETag', `"${current.revision}"`);
    res.json(current);
  });

  router.get('/entities', async (req, res) => {
    await helpers.pluginCredentialsOf(req, [CATALOG_PLUGIN_ID]);
    res.json({ entities: await entities.entities() });
  });

  router.get('/platform-summary', async (req, res) => {
    await helpers.pluginCredentialsOf(req, [PLATFORM_HEALTH_PLUGIN_ID]);
    res.json(await platformSummary.summary());
  });
}

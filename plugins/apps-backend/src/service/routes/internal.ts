import { AppsRouter, RouteDeps } from './access';

/** Whether an If-None-Match header names the revision (`"7"`, `W/"7"`, `*`). */
function matchesRevision(header: string | undefined, revision: string) {
  if (!header) return false;
  return header
    .split(',')
    .map(tag => tag.trim().replace(/^W\//, ''))
    .some(tag => tag === '*' || tag === `"${revision}"`);
}

/**
 * What other plugins read (Backstage service principals only; users get
 * 403): the credential snapshot of the verifiers and the catalog entities.
 */
export function internalRoutes(router: AppsRouter, deps: RouteDeps) {
  const { helpers } = deps;
  const { snapshot, entities } = deps.services;

  router.get('/credentials/snapshot', async (req, res) => {
    await helpers.serviceCredentialsOf(req);
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
    await helpers.serviceCredentialsOf(req);
    res.json({ entities: await entities.entities() });
  });
}

import { RbacRouteDeps, RbacRouter } from './deps';

const etag = (revision: number) => `"${revision}"`;

/** The policy snapshot, for the permission policy (a service) only. */
export function policyRoutes(
  router: RbacRouter,
  { helpers, policy }: Pick<RbacRouteDeps, 'helpers' | 'policy'>,
) {
  router.get('/policy/snapshot', async (req, res) => {
    await helpers.serviceCredentialsOf(req);
    const known = req.header('if-none-match');
    if (known && known === etag(await policy.revision())) {
      res.status(304).end();
      return;
    }
    const snapshot = await policy.snapshot();
    res.setHeader('ETag', etag(snapshot.revision));
    res.json(snapshot);
  });
}

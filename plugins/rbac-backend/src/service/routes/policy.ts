import { RbacRouteDeps, RbacRouter } from './deps';

const etag = (revision: number) => `"${revision}"`;

/** Who reads the snapshot: the RBAC policy module of the permission plugin. */
const SNAPSHOT_READERS = ['permission'];

/** The policy snapshot, for the permission policy only. */
export function policyRoutes(
  router: RbacRouter,
  { helpers, policy }: Pick<RbacRouteDeps, 'helpers' | 'policy'>,
) {
  router.get('/policy/snapshot', async (req, res) => {
    await helpers.pluginCredentialsOf(req, SNAPSHOT_READERS);
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

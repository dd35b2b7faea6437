import { RbacRouteDeps, RbacRouter } from './deps';

/** Which permissions the signed-in user holds, for the portal's sidebar. */
export function accessRoutes(
  router: RbacRouter,
  { helpers, pageAccess }: Pick<RbacRouteDeps, 'helpers' | 'pageAccess'>,
) {
  router.get('/access', async (req, res) => {
    // Users ask about themselves only: no permission needed to learn it.
    const credentials = await helpers.userCredentialsOf(req);
    // One `permission=` arrives as a string, several as a list.
    const names = ([] as string[]).concat(req.query.permission);
    res.json(await pageAccess.holds(credentials, names));
  });
}

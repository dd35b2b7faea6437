import { appsUsageReadPermission } from '@controlplane/plugin-apps-common';
import { AppsRouter, createAppAccess, RouteDeps } from './access';

/** Usage: one credential's usage out, the verifiers' reports in. */
export function usageRoutes(router: AppsRouter, deps: RouteDeps) {
  const { helpers } = deps;
  const { usage, alarms } = deps.services;
  const access = createAppAccess(deps);

  router.get('/api-keys/:keyId/usage', async (req, res) => {
    const { credential } = await access.credential(
      req,
      appsUsageReadPermission,
      req.params.keyId,
    );
    res.json(await usage.usage(credential, req.query.period ?? '30d'));
  });

  // Internal: the verifiers' counts (the credential consumers only).
  router.post('/usage', async (req, res) => {
    await helpers.pluginCredentialsOf(req, deps.credentialConsumers);
    await alarms.check(await usage.recordUsage(req.body));
    res.status(204).end();
  });
}

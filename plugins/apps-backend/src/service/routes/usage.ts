import { limitOf } from '@controlplane/backend-common';
import { appsUsageReadPermission } from '@controlplane/plugin-apps-common';
import { AppsRouter, createAppAccess, RouteDeps } from './access';

/** The window of `GET /credential-failures` when the request names none. */
const DEFAULT_FAILURE_HOURS = 24;

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

  router.get('/credential-failures', async (req, res) => {
    const filter = await deps.authorizer.listFilter(
      await helpers.credentialsOf(req),
      appsUsageReadPermission,
    );
    res.json(
      await usage.failures({
        hours: req.query.hours
          ? Number(req.query.hours)
          : DEFAULT_FAILURE_HOURS,
        limit: limitOf(req.query.limit),
        alarmThreshold: alarms.thresholds.failedPerHour,
        filter,
      }),
    );
  });

  // Internal: the verifiers' counts (the credential consumers only).
  router.post('/usage', async (req, res) => {
    await helpers.pluginCredentialsOf(req, deps.credentialConsumers);
    await alarms.check(await usage.recordUsage(req.body));
    res.status(204).end();
  });
}

import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';

/**
 * GETs a path of another plugin's REST API with the calling plugin's own
 * service credentials (plugins never read each other's tables), with a
 * timeout; the caller checks the answer's status.
 *
 * @example
 * ```ts
 * const response = await fetchFromPlugin(deps, 'audit', `/logs?${query}`);
 * ```
 */
export async function fetchFromPlugin(
  deps: { discovery: DiscoveryService; auth: AuthService },
  pluginId: string,
  /** Below the plugin's base URL, with its query, e.g. `/logs?limit=10`. */
  path: string,
  options: { timeoutMs?: number } = {},
): Promise<Response> {
  const baseUrl = await deps.discovery.getBaseUrl(pluginId);
  const { token } = await deps.auth.getPluginRequestToken({
    onBehalfOf: await deps.auth.getOwnServiceCredentials(),
    targetPluginId: pluginId,
  });
  return fetch(`${baseUrl}${path}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
}

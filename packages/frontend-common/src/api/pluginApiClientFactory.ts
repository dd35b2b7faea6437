import {
  ApiRef,
  createApiFactory,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { PluginApiClientOptions } from './PluginApiClient';

/**
 * The API factory of a plugin's client that talks to its backend through the
 * app's discovery and fetch APIs, for `ApiBlueprint.make`:
 * `params: defineParams => defineParams(pluginApiClientFactory(ref, Client))`.
 */
export function pluginApiClientFactory<TApi>(
  api: ApiRef<TApi>,
  Client: new (options: PluginApiClientOptions) => TApi,
) {
  return createApiFactory({
    api,
    deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
    factory: ({ discoveryApi, fetchApi }) =>
      new Client({ discoveryApi, fetchApi }),
  });
}

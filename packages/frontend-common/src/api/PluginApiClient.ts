import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** What a plugin's API client is built from: the app's discovery and fetch APIs. */
export type PluginApiClientOptions = {
  discoveryApi: DiscoveryApi;
  fetchApi: FetchApi;
};

/**
 * Sends requests to one backend plugin (`pluginId`) through the app's fetch
 * and discovery APIs. A response that is not 2xx is thrown as a ResponseError,
 * which carries the backend's own error.
 */
export class PluginApiClient {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private readonly pluginId: string;

  constructor(options: PluginApiClientOptions & { pluginId: string }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
    this.pluginId = options.pluginId;
  }

  /** The response to `path` (below the plugin's base URL), when it is 2xx. */
  async fetch(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl(this.pluginId);
    const url = `${baseUrl}${path}`;
    const response = await (init
      ? this.fetchApi.fetch(url, init)
      : this.fetchApi.fetch(url));
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  /**
   * Sends `body` (when given) as JSON and returns the JSON answer, or
   * `undefined` for a 204.
   */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.fetch(path, {
      method,
      ...(body === undefined
        ? {}
        : {
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          }),
    });
    if (response.status === 204) {
      return undefined as T;
    }
    return (await response.json()) as T;
  }
}

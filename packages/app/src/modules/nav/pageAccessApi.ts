import {
  ApiBlueprint,
  createApiFactory,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { PageAccessApi, pageAccessApiRef } from '@controlplane/frontend-common';

/**
 * Asks the RBAC plugin, which holds the portal's permission policy, which of
 * the pages' permissions the signed-in user holds at all. When the RBAC
 * backend is not installed (another policy decides), every page is shown and
 * only the backends guard.
 */
export class RbacPageAccessClient implements PageAccessApi {
  constructor(
    private readonly options: {
      discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
      fetchApi: { fetch: typeof fetch };
    },
  ) {}

  async holds(permissionNames: string[]): Promise<Record<string, boolean>> {
    const everything = () =>
      Object.fromEntries(permissionNames.map(name => [name, true]));
    const baseUrl = await this.options.discoveryApi.getBaseUrl('rbac');
    const query = new URLSearchParams(
      permissionNames.map(name => ['permission', name]),
    );
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}/access?${query}`,
    );
    if (response.status === 404) return everything();
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const body = (await response.json()) as { holds: Record<string, boolean> };
    return { ...everything(), ...body.holds };
  }
}

export const pageAccessApi = ApiBlueprint.make({
  name: 'page-access',
  params: defineParams =>
    defineParams(
      createApiFactory({
        api: pageAccessApiRef,
        deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
        factory: ({ discoveryApi, fetchApi }) =>
          new RbacPageAccessClient({ discoveryApi, fetchApi }),
      }),
    ),
});

import {
  ApiBlueprint,
  createApiFactory,
  discoveryApiRef,
  fetchApiRef,
  identityApiRef,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  PageAccessApi,
  pageAccessApiRef,
  PermissionReach,
} from '@controlplane/frontend-common';

/** How long an answer serves the sidebar and pages that ask the same. */
const ANSWER_TTL_MS = 5_000;

/**
 * Asks the RBAC plugin, which holds the portal's permission policy, which of
 * the pages' permissions the signed-in user holds, and how far. When the RBAC
 * backend is not installed (another policy decides), every page is shown and
 * only the backends guard. Answers are kept a few seconds for the signed-in
 * user only: another user, or a grant changed since, gets a fresh answer.
 */
export class RbacPageAccessClient implements PageAccessApi {
  readonly #answers = new Map<
    string,
    { expiresAt: number; answer: Promise<Record<string, PermissionReach>> }
  >();

  constructor(
    private readonly options: {
      discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
      fetchApi: { fetch: typeof fetch };
      identityApi: { getCredentials(): Promise<{ token?: string }> };
    },
  ) {}

  async reach(
    permissionNames: string[],
  ): Promise<Record<string, PermissionReach>> {
    const { token } = await this.options.identityApi.getCredentials();
    const key = `${token ?? ''}\n${[...permissionNames].sort().join('\n')}`;
    const now = Date.now();
    for (const [cachedKey, cached] of this.#answers) {
      if (cached.expiresAt <= now) this.#answers.delete(cachedKey);
    }
    const cached = this.#answers.get(key);
    if (cached) return cached.answer;
    const answer = this.#ask(permissionNames);
    this.#answers.set(key, { expiresAt: now + ANSWER_TTL_MS, answer });
    // A failed answer is asked again next time.
    answer.catch(() => this.#answers.delete(key));
    return answer;
  }

  async #ask(
    permissionNames: string[],
  ): Promise<Record<string, PermissionReach>> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('rbac');
    const query = new URLSearchParams(
      permissionNames.map(name => ['permission', name]),
    );
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}/access?${query}`,
    );
    if (response.status === 404) {
      return Object.fromEntries(
        permissionNames.map(name => [name, 'everywhere' as const]),
      );
    }
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const body = (await response.json()) as {
      holds: Record<string, boolean>;
      everywhere: Record<string, boolean>;
    };
    return Object.fromEntries(
      permissionNames.map(name => {
        if (body.everywhere[name]) return [name, 'everywhere'];
        return [name, body.holds[name] ? 'some' : 'none'];
      }),
    );
  }
}

export const pageAccessApi = ApiBlueprint.make({
  name: 'page-access',
  params: defineParams =>
    defineParams(
      createApiFactory({
        api: pageAccessApiRef,
        deps: {
          discoveryApi: discoveryApiRef,
          fetchApi: fetchApiRef,
          identityApi: identityApiRef,
        },
        factory: ({ discoveryApi, fetchApi, identityApi }) =>
          new RbacPageAccessClient({ discoveryApi, fetchApi, identityApi }),
      }),
    ),
});

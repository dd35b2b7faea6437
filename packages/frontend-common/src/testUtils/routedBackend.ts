import { fakeBackend, jsonResponse } from './fakeBackend';

/** One request a fake plugin backend received. */
export interface FakeRequest {
  /** `GET`, `POST`, ... */
  method: string;
  /** Below `/api/<pluginId>`, decoded, e.g. `/tenants/acme/usage`. */
  path: string;
  /** The query string's parameters. */
  query: URLSearchParams;
  /** The parsed JSON body, if any. */
  body?: any;
}

/** A backend error as the portal's backends send it. */
export const errorResponse = (status: number, name: string, message: string) =>
  jsonResponse(
    { error: { name, message }, response: { statusCode: status } },
    status,
  );

/**
 * A plugin's backend for page tests: `route` answers each request (parsed
 * into method, path below `/api/<pluginId>`, query and JSON body), the
 * requests are recorded, and `respond` answers one `"METHOD /path"`
 * differently from then on. Give it to the plugin's real API client.
 */
export function routedBackend(
  pluginId: string,
  route: (request: FakeRequest) => Response,
) {
  const requests: FakeRequest[] = [];
  const overrides = new Map<string, (request: FakeRequest) => Response>();
  const backend = fakeBackend(() =>
    errorResponse(404, 'NotFoundError', 'not found'),
  );
  const prefix = new RegExp(`^/api/${pluginId}`);
  backend.fetch.mockImplementation(async (url, init) => {
    const parsed = new URL(String(url));
    const request: FakeRequest = {
      method: init?.method ?? 'GET',
      path: decodeURIComponent(parsed.pathname.replace(prefix, '')),
      query: parsed.searchParams,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    requests.push(request);
    const override = overrides.get(`${request.method} ${request.path}`);
    return override ? override(request) : route(request);
  });
  return {
    ...backend,
    requests,
    /** The requests with this method and path. */
    requestsTo: (method: string, path: string) =>
      requests.filter(r => r.method === method && r.path === path),
    /** Answers `"METHOD /path"` with `response` from now on. */
    respond: (key: string, response: (request: FakeRequest) => Response) =>
      overrides.set(key, response),
  };
}

/**
 * Page access as the portal answers it: only `held` are held, everywhere
 * unless named in `onlySome` (held for some resources, like a tenant-scoped
 * role's). Like a backend, it answers in a later task.
 */
export function fakePageAccess(
  held: string[],
  options: { onlySome?: string[] } = {},
) {
  const reachOf = (name: string) => {
    if (!held.includes(name)) return 'none';
    return options.onlySome?.includes(name) ? 'some' : 'everywhere';
  };
  const reach = jest.fn(
    (names: string[]) =>
      new Promise<Record<string, string>>(resolve =>
        setTimeout(() =>
          resolve(Object.fromEntries(names.map(name => [name, reachOf(name)]))),
        ),
      ),
  );
  // A PageAccessApi (structurally; its type is not part of this entry).
  return { api: { reach }, reach };
}

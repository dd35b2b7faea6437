/**
 * A stand-in for the portal backend in frontend tests: `global.fetch` routed
 * by URL, answering 404 for anything not routed.
 */

export const BACKEND = 'http://localhost:7007';

type Handler = (request: {
  url: string;
  headers: Headers;
}) => Response | Promise<Response>;

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

/** An error in the shape Backstage backends answer with. */
export const backendError = (status: number, name: string, message: string) =>
  json(
    {
      error: { name, message },
      request: { method: 'GET', url: '/' },
      response: { statusCode: status },
    },
    status,
  );

export const notFound = (url: string) =>
  backendError(404, 'NotFoundError', `No route for ${url}`);

/** A signed-in session as `/api/auth/<provider>/refresh` returns it. */
export const session = (name: string, displayName: string) => {
  // A JWT-shaped token whose payload carries an expiry an hour from now.
  const payload = btoa(
    JSON.stringify({
      sub: `user:default/${name}`,
      exp: Math.floor(Date.now() / 1000) + 3600,
    }),
  )
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
  return json({
    profile: { displayName, email: `${name}@controlplane.example` },
    backstageIdentity: {
      token: `eyJhbGciOiJub25lIn0.${payload}.signature`,
      identity: {
        type: 'user',
        userEntityRef: `user:default/${name}`,
        ownershipEntityRefs: [`user:default/${name}`],
      },
    },
  });
};

/**
 * Replaces `global.fetch` with a router over `routes` (path after the
 * backend base URL, without query). Returns the mock to assert on calls.
 */
export function fakeBackend(routes: Record<string, Handler>) {
  return jest.spyOn(global, 'fetch').mockImplementation(async (input, init) => {
    const url =
      input instanceof Request ? input.url : String(input as string | URL);
    const headers = new Headers(
      input instanceof Request ? input.headers : init?.headers,
    );
    const path = url.startsWith(BACKEND)
      ? url.slice(BACKEND.length).split('?')[0]
      : url;
    const handler = routes[path];
    return handler ? handler({ url, headers }) : notFound(url);
  });
}

/** The calls made to one backend path, with their headers. */
export const callsTo = (fetchMock: jest.SpyInstance, path: string) =>
  fetchMock.mock.calls
    .filter(([input]) =>
      String(input instanceof Request ? input.url : input).startsWith(
        `${BACKEND}${path}`,
      ),
    )
    .map(([input, init]) => ({
      url: String(input instanceof Request ? input.url : input),
      headers: new Headers(
        input instanceof Request ? input.headers : init?.headers,
      ),
    }));

/**
 * The RBAC plugin's `/api/rbac/access` route: the user holds `held`,
 * everywhere unless named in `onlySome` (held for some resources, as through
 * a tenant-scoped role).
 */
export const rbacAccess = (held: string[], onlySome: string[] = []) => ({
  '/api/rbac/access': ({ url }: { url: string }) => {
    const asked = new URL(url).searchParams.getAll('permission');
    return json({
      holds: Object.fromEntries(asked.map(name => [name, held.includes(name)])),
      everywhere: Object.fromEntries(
        asked.map(name => [
          name,
          held.includes(name) && !onlySome.includes(name),
        ]),
      ),
    });
  },
});

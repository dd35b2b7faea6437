import { DiscoveryApi } from '@backstage/frontend-plugin-api';
import { mockApis } from '@backstage/frontend-test-utils';

/** A JSON response, as a backend sends it. */
export const jsonResponse = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

/**
 * What fetch is called with first. Named, so the declarations of the test
 * helpers print it the same way on every machine (the compiler's order of
 * the union's members is not stable).
 */
export type FetchInput = RequestInfo | URL;

/**
 * Discovery (at `http://backstage`) and a fetch mock answering every request
 * with `response(url)`: what an API client is built from in its tests, with
 * the requests it made.
 */
export function fakeBackend(response: (url: string) => Response) {
  const fetch = jest.fn(async (url: FetchInput, _init?: RequestInit) =>
    response(String(url)),
  );
  const discoveryApi: DiscoveryApi = mockApis.discovery({
    baseUrl: 'http://backstage',
  });
  return {
    discoveryApi,
    fetchApi: { fetch: fetch as typeof globalThis.fetch },
    fetch,
    /** The URLs fetched, in order. */
    urls: () => fetch.mock.calls.map(([url]) => String(url)),
    /** The `[method, url]` of each request, in order. */
    calls: () =>
      fetch.mock.calls.map(([url, init]) => [
        init?.method ?? 'GET',
        String(url),
      ]),
    /** The JSON body of each request, in order (undefined for none). */
    bodies: () =>
      fetch.mock.calls.map(([, init]) =>
        init?.body === undefined ? undefined : JSON.parse(String(init.body)),
      ),
  };
}

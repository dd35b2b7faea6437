import {
  HttpMethod,
  OperationAt,
  PathParams,
  PathsWithMethod,
  QueryParams,
  RequestBody,
  ResponseBody,
} from '@controlplane/common';
import { PluginApiClient, PluginApiClientOptions } from './PluginApiClient';
import { queryString } from './queryString';

/**
 * `T` with its intersections merged into one object type, so editors show
 * {@link RequestOptions} as a plain object.
 */
export type Simplify<T> = { [K in keyof T]: T[K] };

/** Keys of `T` that may be left out. */
export type OptionalKeys<T> = {
  [K in keyof T]-?: {} extends Pick<T, K> ? K : never;
}[keyof T];

/**
 * What a call sends: `path` and `query` parameters and the JSON `body`,
 * each required exactly when the operation requires it.
 */
export type RequestOptions<Op> = Simplify<
  ({} extends PathParams<Op>
    ? { path?: PathParams<Op> }
    : { path: PathParams<Op> }) &
    (OptionalKeys<QueryParams<Op>> extends keyof QueryParams<Op>
      ? { query?: QueryParams<Op> }
      : { query: QueryParams<Op> }) &
    ([RequestBody<Op>] extends [never]
      ? { body?: undefined }
      : undefined extends RequestBody<Op>
      ? { body?: RequestBody<Op> }
      : { body: RequestBody<Op> })
>;

/**
 * The arguments after the path of {@link OpenApiClient.call}: the
 * {@link RequestOptions} of `Op`, optional when all of them are.
 */
export type CallArgs<Op> = {} extends RequestOptions<Op>
  ? [options?: RequestOptions<Op>]
  : [options: RequestOptions<Op>];

/**
 * A typed client of one backend plugin's REST API: methods, paths, parameters,
 * bodies and answers all come from the `paths` interface generated from the
 * plugin's openapi.yaml, so none is written by hand. Requests go through the
 * app's fetch and discovery APIs; an answer that is not 2xx is thrown as a
 * ResponseError carrying the backend's error.
 *
 * `api.call('get', '/apps/{id}', { path: { id } })`
 */
export class OpenApiClient<Paths> {
  private readonly backend: PluginApiClient;

  constructor(options: PluginApiClientOptions & { pluginId: string }) {
    this.backend = new PluginApiClient(options);
  }

  /** The JSON answer of the operation (`undefined` for a 204). */
  call<Method extends HttpMethod, Path extends PathsWithMethod<Paths, Method>>(
    method: Method,
    path: Path,
    ...[options]: CallArgs<OperationAt<Paths, Path, Method>>
  ): Promise<ResponseBody<OperationAt<Paths, Path, Method>>> {
    const {
      path: params,
      query,
      body,
    } = (options ?? {}) as {
      path?: Record<string, string | number>;
      query?: Record<string, string | number | boolean | undefined>;
      body?: unknown;
    };
    return this.backend.request(
      method.toUpperCase(),
      `${expandPath(path, params)}${queryString(query ?? {})}`,
      body,
    );
  }

  /** The raw response of a GET (for downloads that are not JSON). */
  fetchRaw<Path extends PathsWithMethod<Paths, 'get'>>(
    path: Path,
    ...[options]: CallArgs<OperationAt<Paths, Path, 'get'>>
  ): Promise<Response> {
    const { path: params, query } = (options ?? {}) as {
      path?: Record<string, string | number>;
      query?: Record<string, string | number | boolean | undefined>;
    };
    return this.backend.fetch(
      `${expandPath(path, params)}${queryString(query ?? {})}`,
    );
  }
}

/** `/apps/{id}` with each `{name}` replaced by its URL-encoded value. */
function expandPath(
  template: string,
  params: Record<string, string | number> | undefined,
): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) {
      throw new TypeError(`Missing path parameter ${name} of ${template}`);
    }
    return encodeURIComponent(String(value));
  });
}

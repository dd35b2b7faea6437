/*
 * Type-level views of the `paths` interface that `openapi-typescript`
 * generates from a plugin's openapi.yaml (`yarn openapi:generate`). The typed
 * server router (@controlplane/backend-common) and the typed client
 * (@controlplane/frontend-common) both read operations through these, so a
 * request or response type is never written by hand.
 */

/** The HTTP methods the portal's REST APIs use. */
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';

/** The operation at `Path` for `Method`; `never` when the spec has none. */
export type OperationAt<
  Paths,
  Path extends keyof Paths,
  Method extends HttpMethod,
> = Paths[Path] extends { [K in Method]: infer Op }
  ? [Op] extends [never | undefined]
    ? never
    : Op
  : never;

/** The paths of the spec that have an operation for `Method`. */
export type PathsWithMethod<Paths, Method extends HttpMethod> = {
  [P in keyof Paths]: [OperationAt<Paths, P, Method>] extends [never]
    ? never
    : P;
}[keyof Paths] &
  string;

/**
 * The `path` or `query` parameters an operation declares, as one object type;
 * `never` when it declares none. Read through {@link PathParams} and
 * {@link QueryParams}.
 */
export type ParametersIn<Op, In extends 'path' | 'query'> = Op extends {
  parameters: { [K in In]?: infer Params };
}
  ? NonNullable<Params>
  : never;

/** The path parameters of an operation (`{}` when it has none). */
export type PathParams<Op> = [ParametersIn<Op, 'path'>] extends [never]
  ? {}
  : ParametersIn<Op, 'path'>;

/** The query parameters of an operation (`{}` when it has none). */
export type QueryParams<Op> = [ParametersIn<Op, 'query'>] extends [never]
  ? {}
  : ParametersIn<Op, 'query'>;

/**
 * The `application/json` content of a request body or response as the spec
 * declares it; `never` when it has no JSON content.
 */
export type JsonContent<T> = T extends {
  content: { 'application/json': infer Body };
}
  ? Body
  : never;

/** The JSON request body of an operation; `never` when it takes none. */
export type RequestBody<Op> = Op extends { requestBody: infer Body }
  ? JsonContent<Body>
  : Op extends { requestBody?: infer Body }
  ? JsonContent<NonNullable<Body>>
  : never;

/**
 * The 2xx statuses whose JSON body {@link ResponseBody} reads; 204 is left
 * out because it has no body.
 */
export type SuccessStatus = 200 | 201 | 202 | 203 | 206;

/**
 * The JSON body of an operation's successful answers (2xx); `void` for an
 * operation that only answers 204, `unknown` for non-JSON answers.
 */
export type ResponseBody<Op> = Op extends { responses: infer Responses }
  ? [keyof Responses & SuccessStatus] extends [never]
    ? void
    : [JsonContent<Responses[keyof Responses & SuccessStatus]>] extends [never]
    ? unknown
    : JsonContent<Responses[keyof Responses & SuccessStatus]>
  : unknown;

/** `/apps/{id}` as an Express route: `/apps/:id`. */
export type ExpressPath<Path extends string> =
  Path extends `${infer Head}{${infer Name}}${infer Tail}`
    ? `${Head}:${Name}${ExpressPath<Tail>}`
    : Path;

import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import {
  ExpressPath,
  HttpMethod,
  OperationAt,
  PathParams,
  PathsWithMethod,
  QueryParams,
  RequestBody,
  ResponseBody,
} from '@controlplane/common';
import { Router } from 'express';
import type {
  RequestHandler,
  RequestHandlerParams,
} from 'express-serve-static-core';

/** The OpenAPI document `createValidatedOpenApiRouter` validates against. */
export type OpenApiSpec = Parameters<typeof createValidatedOpenApiRouter>[0];

/** The operations of `Paths` for one method, keyed by their Express route. */
export type RoutesFor<Paths, Method extends HttpMethod> = {
  [P in PathsWithMethod<Paths, Method> as ExpressPath<P>]: OperationAt<
    Paths,
    P,
    Method
  >;
};

/** A request handler whose params, query, body and answer follow `Op`. */
export type OperationHandler<Op> = RequestHandler<
  PathParams<Op>,
  ResponseBody<Op>,
  RequestBody<Op>,
  QueryParams<Op>
>;

/** Handlers and error handlers (or arrays of them) typed from `Op`. */
export type OperationHandlerParams<Op> = RequestHandlerParams<
  PathParams<Op>,
  ResponseBody<Op>,
  RequestBody<Op>,
  QueryParams<Op>
>;

/**
 * A {@link TypedRouter} method such as `get`: it takes only the contract's
 * routes for `Method` (in Express form, `/apps/:id`) and handlers typed from
 * the route's operation, and returns the router (`Self`) for chaining.
 */
export interface TypedMatcher<Paths, Method extends HttpMethod, Self> {
  /** Adds request handlers for `route`, typed from its operation. */
  <Route extends keyof RoutesFor<Paths, Method> & string>(
    route: Route,
    ...handlers: Array<OperationHandler<RoutesFor<Paths, Method>[Route]>>
  ): Self;
  /** The same, for error handlers and arrays of handlers too. */
  <Route extends keyof RoutesFor<Paths, Method> & string>(
    route: Route,
    ...handlers: Array<OperationHandlerParams<RoutesFor<Paths, Method>[Route]>>
  ): Self;
}

/**
 * An Express router whose `get`/`post`/`put`/`patch`/`delete` accept only the
 * routes of the OpenAPI contract and type each handler from its operation.
 * `Paths` is the `paths` interface generated into the plugin's -common package.
 */
export interface TypedRouter<Paths> extends Router {
  /** Adds handlers for a GET route of the contract. */
  get: TypedMatcher<Paths, 'get', this>;
  /** Adds handlers for a POST route of the contract. */
  post: TypedMatcher<Paths, 'post', this>;
  /** Adds handlers for a PUT route of the contract. */
  put: TypedMatcher<Paths, 'put', this>;
  /** Adds handlers for a PATCH route of the contract. */
  patch: TypedMatcher<Paths, 'patch', this>;
  /** Adds handlers for a DELETE route of the contract. */
  delete: TypedMatcher<Paths, 'delete', this>;
}

/** Options of a plugin's generated `createOpenApiRouter`. */
export type OpenApiRouterOptions = Parameters<
  typeof createValidatedOpenApiRouter
>[1];

/**
 * The router of a plugin's REST API: every request is validated against the
 * contract before a handler runs (a malformed one is a 400), and handlers are
 * typed from it. Called by each plugin's generated
 * `src/schema/openapi/generated/router.ts`, not by hand.
 */
export function createTypedOpenApiRouter<Paths>(
  spec: object,
  options?: OpenApiRouterOptions,
): TypedRouter<Paths> {
  return createValidatedOpenApiRouter(
    spec as OpenApiSpec,
    options,
  ) as unknown as TypedRouter<Paths>;
}

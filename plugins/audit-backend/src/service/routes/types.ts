import { HttpAuthService } from '@backstage/backend-plugin-api';
import { RouteHelpers, TypedRouter } from '@controlplane/backend-common';
import { AuditApiPaths } from '@controlplane/plugin-audit-common';

/** The audit API's router: routes and handlers typed from the contract. */
export type AuditRouter = TypedRouter<AuditApiPaths>;

export type { RouteHelpers };

/** Any request, typed as Backstage's `HttpAuthService` takes it. */
export type AnyRequest = Parameters<HttpAuthService['credentials']>[0];

/**
 * The caller of a request: a signed-in user or a Backstage service (401
 * otherwise), like `RouteHelpers.credentialsOf`, which takes only Express's
 * default `Request` (a query of strings): the lists' `limit` is an integer
 * in the contract, a number once validated.
 */
export type CallerOf = (
  req: AnyRequest,
) => ReturnType<RouteHelpers['credentialsOf']>;

import { SWRConfig } from 'swr';
import { ApiRef } from '@backstage/frontend-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestAppOptions,
} from '@backstage/frontend-test-utils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';

/** A permission decision the mock gives. */
export type Decision = AuthorizeResult.ALLOW | AuthorizeResult.DENY;

/** Who may do what in a test: by default everything is allowed. */
export type PermissionOptions = {
  /** The decision for every permission not named in `allow` or `deny`. */
  authorize?: Decision;
  /** When given, only these permission names are allowed. */
  allow?: string[];
  /** Permission names that are denied. */
  deny?: string[];
};

/** The decision of the permission mock for the given options. */
export function permissionDecision(
  options: PermissionOptions,
): Decision | ((request: EvaluatePermissionRequest) => Decision) {
  const { allow, deny } = options;
  if (allow) {
    return request =>
      allow.includes(request.permission.name)
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY;
  }
  if (deny) {
    return request =>
      deny.includes(request.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW;
  }
  return options.authorize ?? AuthorizeResult.ALLOW;
}

/**
 * Renders in a test app with the given APIs and a permission mock (see
 * PermissionOptions). usePermission caches decisions in SWR's global cache,
 * so each render gets a fresh cache.
 */
export const renderWithApis = (
  element: JSX.Element,
  options: {
    apis: NonNullable<TestAppOptions['apis']>;
  } & PermissionOptions &
    Omit<TestAppOptions, 'apis'>,
) =>
  renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>{element}</SWRConfig>,
    {
      mountedRoutes: options.mountedRoutes,
      mountPath: options.mountPath,
      initialRouteEntries: options.initialRouteEntries,
      apis: [
        ...options.apis,
        mockApis.permission({ authorize: permissionDecision(options) }),
      ],
    },
  );

/**
 * A plugin's own renderWithApis: renders (wrapped by `wrap`, when given) with
 * the fake `api` for `apiRef` and the permission mock of renderWithApis.
 */
export function createRenderWithApi<TApi>(
  apiRef: ApiRef<TApi>,
  wrap: (element: JSX.Element) => JSX.Element = element => element,
) {
  return (
    element: JSX.Element,
    options: { api: TApi } & PermissionOptions & Omit<TestAppOptions, 'apis'>,
  ) => {
    const { api, ...rest } = options;
    return renderWithApis(wrap(element), {
      ...rest,
      apis: [[apiRef, api]],
    });
  };
}

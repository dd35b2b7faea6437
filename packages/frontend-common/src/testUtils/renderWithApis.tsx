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
import {
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { fakeEntityPresentationApi } from './entityPresentation';

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
  /**
   * Resource permissions allowed on these resources only, by name, e.g.
   * `{ 'billing.quota.update': ['acme'] }`: allowed for the resourceRef
   * `acme`, denied for any other or none. The options above decide the rest.
   */
  allowOn?: Record<string, string[]>;
};

/** The decision of the permission mock for the given options. */
export function permissionDecision(
  options: PermissionOptions,
): Decision | ((request: EvaluatePermissionRequest) => Decision) {
  const { allowOn } = options;
  if (allowOn) {
    const others = permissionDecision({ ...options, allowOn: undefined });
    return request => {
      const refs = allowOn[request.permission.name];
      if (refs) {
        return request.resourceRef !== undefined &&
          refs.includes(request.resourceRef)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY;
      }
      return typeof others === 'function' ? others(request) : others;
    };
  }
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

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';

/** Settles as `answer` does, but in a later task, as a backend answers. */
const inLaterTask = <T,>(answer: PromiseLike<T>) =>
  new Promise<T>((resolve, reject) => {
    answer.then(
      value => setTimeout(() => resolve(value)),
      error => setTimeout(() => reject(error)),
    );
  });

/**
 * `api` as the page sees it: every method that returns a promise answers in
 * a later task, like a backend over the network, so React applies the answer
 * while the test waits for it (in findBy or waitFor), not between two steps
 * of the test or while the test app is still mounting. Calls still reach
 * `api`, so its jest mocks record them and tests can change its answers.
 */
function answeringInLaterTasks<TApi>(api: TApi): TApi {
  return new Proxy(api as object, {
    get(target, key) {
      const value = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = value.apply(target, args);
        return isPromiseLike(result) ? inLaterTask(result) : result;
      };
    },
  }) as TApi;
}

/**
 * The permission mock for the given options; like the permission backend, it
 * answers in a later task.
 */
function permissionMock(options: PermissionOptions) {
  const permissionApi = mockApis.permission({
    authorize: permissionDecision(options),
  });
  const authorize = permissionApi.authorize.bind(permissionApi);
  permissionApi.authorize = request => inLaterTask(authorize(request));
  return permissionApi;
}

/**
 * Renders in a test app with the given APIs and a permission mock (see
 * PermissionOptions) that answers in a later task, as the permission backend
 * does. usePermission caches decisions in SWR's global cache, so each render
 * gets a fresh cache. Entity refs are named as the catalog would name the
 * demo organization's (fakeEntityPresentationApi, unless `apis` has another
 * entity presentation API) and link to `/catalog/<namespace>/<kind>/<name>`.
 */
export const renderWithApis = (
  element: JSX.Element,
  options: {
    apis: NonNullable<TestAppOptions['apis']>;
  } & PermissionOptions &
    Omit<TestAppOptions, 'apis'>,
) => {
  const presentation = options.apis.some(
    entry =>
      Array.isArray(entry) && entry[0]?.id === entityPresentationApiRef.id,
  )
    ? []
    : [[entityPresentationApiRef, fakeEntityPresentationApi()] as const];
  return renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>{element}</SWRConfig>,
    {
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        ...options.mountedRoutes,
      },
      mountPath: options.mountPath,
      initialRouteEntries: options.initialRouteEntries,
      apis: [...presentation, ...options.apis, permissionMock(options)],
    },
  );
};

/**
 * A plugin's own renderWithApis: renders (wrapped by `wrap`, when given) with
 * the fake `api` for `apiRef` and the permission mock of renderWithApis. The
 * fake answers like a backend, in a later task (see answeringInLaterTasks).
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
      apis: [[apiRef, answeringInLaterTasks(api)]],
    });
  };
}

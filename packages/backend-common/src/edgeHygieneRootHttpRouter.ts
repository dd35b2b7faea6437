import {
  RootHttpRouterConfigureContext,
  rootHttpRouterServiceFactory,
} from '@backstage/backend-defaults/rootHttpRouter';
import { databaseUnavailableErrorHandler } from './databaseUnavailable';
import {
  createEdgeHygieneMiddleware,
  readEdgeHygieneOptions,
} from './edgeHygiene';

/**
 * A `configure` for Backstage's root HTTP router: Backstage's defaults, with
 * the edge hygiene middleware ({@link createEdgeHygieneMiddleware}, limits
 * from `backend.inputLimits`) mounted right before the plugins' routes. It
 * goes after helmet, CORS, logging and the rate limit, so its 400/413
 * answers carry CORS headers and are logged, and its errors reach
 * Backstage's error middleware. `applyDefaults` mounts everything in one go,
 * so the middleware is slipped in when it mounts the routes; startup fails
 * if that never happens (a Backstage upgrade that changed the defaults).
 */
export function applyDefaultsWithEdgeHygiene(
  context: RootHttpRouterConfigureContext,
): void {
  const { app, routes, config, applyDefaults } = context;
  const edgeHygiene = createEdgeHygieneMiddleware(
    readEdgeHygieneOptions(config),
  );
  const use = app.use;
  const mount = (...args: unknown[]) =>
    (use as (...handlers: unknown[]) => unknown).apply(app, args);
  let installed = false;
  app.use = function useWithEdgeHygiene(...args: unknown[]) {
    if (args[0] === routes && !installed) {
      installed = true;
      mount(edgeHygiene);
      const result = mount(...args);
      // Right after the routes: a database outage in any plugin becomes a
      // 503 (Retry-After) for Backstage's error middleware, not a 500.
      mount(databaseUnavailableErrorHandler(context.logger));
      return result;
    }
    return mount(...args);
  } as typeof app.use;
  try {
    applyDefaults();
  } finally {
    app.use = use;
  }
  if (!installed) {
    throw new Error(
      "Edge hygiene was not installed: Backstage's root router defaults no longer mount the routes with app.use",
    );
  }
}

/**
 * Backstage's root HTTP router service with
 * {@link applyDefaultsWithEdgeHygiene}: add it to the backend to check every
 * request's input before any plugin sees it.
 */
export const edgeHygieneRootHttpRouterServiceFactory =
  rootHttpRouterServiceFactory({ configure: applyDefaultsWithEdgeHygiene });

import { AddressInfo } from 'node:net';
import {
  ExtendedHttpServer,
  rootHttpRouterServiceFactory,
} from '@backstage/backend-defaults/rootHttpRouter';
import {
  coreServices,
  createBackendPlugin,
  RootLifecycleService,
} from '@backstage/backend-plugin-api';
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import Router from 'express-promise-router';
import { JsonObject } from '@backstage/types';
import { installRequestDrain, requestsDrained } from './requestDrain';

/**
 * A backend with the drain installed and a plugin route that stays busy
 * until the test lets it finish; `events` records the order of what
 * happened during the shutdown.
 */
async function backendWithSlowRoute(lifecycle: JsonObject) {
  const events: string[] = [];
  let entered!: () => void;
  const routeEntered = new Promise<void>(resolve => {
    entered = resolve;
  });
  let finish!: () => void;
  const routeMayFinish = new Promise<void>(resolve => {
    finish = resolve;
  });
  let server!: ExtendedHttpServer;
  let rootLifecycle!: RootLifecycleService;
  const slowPlugin = createBackendPlugin({
    pluginId: 'slow',
    register(reg) {
      reg.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          lifecycle: coreServices.lifecycle,
        },
        async init({ httpRouter, lifecycle: pluginLifecycle }) {
          const router = Router();
          router.get('/work', async (_req, res) => {
            entered();
            await routeMayFinish;
            events.push('response');
            res.json({ done: true });
          });
          httpRouter.use(router);
          httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
          pluginLifecycle.addShutdownHook(() => {
            events.push('plugin stopped');
          });
        },
      });
    },
  });
  // Backstage's real backend (the test backend brings its own root router).
  const backend = createBackend();
  backend.add(
    mockServices.rootConfig.factory({
      data: {
        backend: {
          baseUrl: 'http://127.0.0.1',
          listen: { host: '127.0.0.1', port: 0 },
          database: { client: 'better-sqlite3', connection: ':memory:' },
          lifecycle,
        },
      },
    }),
  );
  backend.add(mockServices.rootLogger.factory({ level: 'none' }));
  backend.add(
    rootHttpRouterServiceFactory({
      configure(context) {
        server = context.server as ExtendedHttpServer;
        rootLifecycle = context.lifecycle as RootLifecycleService;
        installRequestDrain(context);
        context.applyDefaults();
      },
    }),
  );
  backend.add(slowPlugin);
  await backend.start();
  const url = () =>
    `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    backend,
    events,
    routeEntered,
    finish,
    url,
    drained: () =>
      requestsDrained(rootLifecycle).then(() => {
        events.push('drained');
      }),
  };
}

describe('installRequestDrain', () => {
  it('finishes the requests in flight before any plugin stops', async () => {
    const { backend, events, routeEntered, finish, url, drained } =
      await backendWithSlowRoute({ serverShutdownDelay: { milliseconds: 50 } });
    const answer = fetch(`${url()}/api/slow/work`);
    await routeEntered;

    const stopped = backend.stop();
    const drainedSeen = drained();
    // The shutdown waits for the request: readiness says so meanwhile.
    const readiness = await fetch(`${url()}/.backstage/health/v1/readiness`);
    expect(readiness.status).toBe(503);
    expect(events).toEqual([]);
    finish();
    const response = await answer;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    await Promise.all([stopped, drainedSeen]);
    expect(events).toEqual(['response', 'drained', 'plugin stopped']);
  });

  it('stops waiting after backend.lifecycle.requestDrainTimeout and cuts the request', async () => {
    const { backend, events, routeEntered, url, drained } =
      await backendWithSlowRoute({
        requestDrainTimeout: { milliseconds: 200 },
      });
    const answer = fetch(`${url()}/api/slow/work`).then(
      () => 'answered',
      () => 'connection closed',
    );
    await routeEntered;
    const drainedSeen = drained();
    await backend.stop();
    await drainedSeen;
    expect(await answer).toBe('connection closed');
    expect(events).toEqual(['drained', 'plugin stopped']);
  });

  it('resolves requestsDrained at once without a drain', async () => {
    await expect(
      requestsDrained({} as RootLifecycleService),
    ).resolves.toBeUndefined();
  });
});

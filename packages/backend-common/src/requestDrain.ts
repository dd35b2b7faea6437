import {
  ExtendedHttpServer,
  RootHttpRouterConfigureContext,
} from '@backstage/backend-defaults/rootHttpRouter';
import { RootLifecycleService } from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { Request, RequestHandler } from 'express';

const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;
/**
 * When the server finally closes, the requests have drained and the
 * plugins stopped: what is still open (long polls, stuck requests) is cut
 * after this grace instead of holding the process.
 */
const FINAL_CLOSE_GRACE_MS = 2000;

/**
 * Requests that wait for news by design (the events bus subscribers' long
 * polls) end when their plugin stops; the drain does not wait for them.
 */
function isLongPoll(req: Request): boolean {
  return req.path.startsWith('/api/events/bus/');
}

/** Per backend (its root lifecycle): resolves once the requests drained. */
const drains = new WeakMap<object, Promise<void>>();

function durationMs(
  config: RootHttpRouterConfigureContext['config'],
  key: string,
  fallback: number,
): number {
  return config.has(key)
    ? durationToMilliseconds(readDurationFromConfig(config, { key }))
    : fallback;
}

/**
 * Makes a shutdown finish the requests in flight before any plugin stops.
 *
 * Backstage turns readiness to 503 at SIGTERM, waits
 * `backend.lifecycle.serverShutdownDelay` for the load balancer to notice,
 * then stops the plugins while requests may still be running (or still
 * uploading their body, which is read in full before a plugin sees it):
 * they would get a 503 or lose their database. Here, after that delay, the
 * shutdown also waits until no request is in flight, at most
 * `backend.lifecycle.requestDrainTimeout` (default 30 s); only then do the
 * plugins stop. Work that must see every finished request (usage counters)
 * waits for {@link requestsDrained}. The final close of the server cuts
 * the connections still open two seconds later (long polls, a request
 * that outlasted the timeout), so nothing holds the process.
 *
 * Call it in the root HTTP router's `configure`, before `applyDefaults`, so
 * its counter is the first middleware.
 */
export function installRequestDrain(
  context: Pick<
    RootHttpRouterConfigureContext,
    'app' | 'server' | 'lifecycle' | 'config' | 'logger'
  >,
): void {
  const { app, config, logger } = context;
  // The root router is configured with the root lifecycle and Backstage's
  // extended server (both typed more plainly in the context).
  const lifecycle = context.lifecycle as RootLifecycleService;
  const server = context.server as ExtendedHttpServer;
  if (typeof lifecycle.addBeforeShutdownHook !== 'function') {
    throw new Error('The request drain needs the root lifecycle service');
  }
  const delayMs = durationMs(
    config,
    'backend.lifecycle.serverShutdownDelay',
    0,
  );
  const drainTimeoutMs = durationMs(
    config,
    'backend.lifecycle.requestDrainTimeout',
    DEFAULT_DRAIN_TIMEOUT_MS,
  );

  let inFlight = 0;
  let idle: Array<() => void> = [];
  const counter: RequestHandler = (req, res, next) => {
    if (isLongPoll(req)) {
      next();
      return;
    }
    inFlight += 1;
    let counted = true;
    const done = () => {
      if (!counted) return;
      counted = false;
      inFlight -= 1;
      if (inFlight === 0) {
        const waiting = idle;
        idle = [];
        waiting.forEach(resolve => resolve());
      }
    };
    res.once('finish', done);
    res.once('close', done);
    next();
  };
  app.use(counter);

  let drained!: () => void;
  drains.set(
    lifecycle,
    new Promise<void>(resolve => {
      drained = resolve;
    }),
  );
  lifecycle.addBeforeShutdownHook(async () => {
    try {
      if (delayMs > 0) {
        await new Promise(resolve => setTimeout(resolve, delayMs));
      }
      if (inFlight === 0) return;
      logger.info(
        `Shutting down: waiting for ${inFlight} requests in flight (at most ${drainTimeoutMs} ms)`,
      );
      let timer: ReturnType<typeof setTimeout> | undefined;
      const outcome = await Promise.race([
        new Promise<'idle'>(resolve => idle.push(() => resolve('idle'))),
        new Promise<'timeout'>(resolve => {
          timer = setTimeout(() => resolve('timeout'), drainTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        logger.warn(
          `Shutting down with ${inFlight} requests still running after ${drainTimeoutMs} ms`,
        );
      }
    } finally {
      drained();
    }
  });

  const stop = server.stop.bind(server);
  server.stop = async () => {
    const cut = setTimeout(
      () => server.closeAllConnections(),
      Math.min(drainTimeoutMs, FINAL_CLOSE_GRACE_MS),
    );
    try {
      await stop();
    } finally {
      clearTimeout(cut);
    }
  };
}

/**
 * Resolves once a shutdown of the backend owning `rootLifecycle` has let
 * its requests in flight finish (see {@link installRequestDrain}); at once
 * when no drain is installed. For before-shutdown hooks that must see every
 * finished request, such as flushing usage counters.
 */
export function requestsDrained(
  rootLifecycle: RootLifecycleService,
): Promise<void> {
  return drains.get(rootLifecycle) ?? Promise.resolve();
}

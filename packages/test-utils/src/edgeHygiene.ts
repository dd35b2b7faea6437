import { Server } from 'node:http';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import {
  createEdgeHygieneMiddleware,
  readEdgeHygieneOptions,
} from '@controlplane/backend-common';
import express, { RequestHandler } from 'express';

/**
 * Puts the portal's edge hygiene (`createEdgeHygieneMiddleware` from
 * `@controlplane/backend-common`, limits from `backend.inputLimits` of
 * `config`) in front of a started test backend's server, as the real
 * backend has it in front of every plugin. `startTestBackend` cannot take
 * another root HTTP router, so the server's request listener is wrapped:
 * every request passes the middleware first, and its refusals are answered
 * by Backstage's error middleware. Returns the server.
 */
export function withEdgeHygiene<S extends Server>(
  server: S,
  config: JsonObject = {},
): S {
  const listeners = server.listeners('request') as RequestHandler[];
  if (listeners.length !== 1) {
    throw new Error(
      `Expected one request listener on the test server, found ${listeners.length}`,
    );
  }
  const [backendApp] = listeners;
  const configReader = new ConfigReader(config);
  const edge = express();
  edge.disable('x-powered-by');
  edge.use(createEdgeHygieneMiddleware(readEdgeHygieneOptions(configReader)));
  // A plain handler, not a mounted sub-app: the backend's app stays as it is.
  edge.use((req, res, next) => backendApp(req, res, next));
  edge.use(
    MiddlewareFactory.create({
      config: configReader,
      logger: mockServices.rootLogger({ level: 'none' }),
    }).error(),
  );
  server.removeListener('request', backendApp);
  server.on('request', edge);
  return server;
}

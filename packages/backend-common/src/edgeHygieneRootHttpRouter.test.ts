import {
  ExtendedHttpServer,
  rootHttpRouterServiceFactory,
} from '@backstage/backend-defaults/rootHttpRouter';
import {
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import { applyDefaultsWithEdgeHygiene } from './edgeHygieneRootHttpRouter';

// Backstage's real root HTTP router configured as packages/backend does it,
// with a plugin-like route behind it.
describe('applyDefaultsWithEdgeHygiene', () => {
  let server: ExtendedHttpServer;

  beforeAll(async () => {
    const factory = rootHttpRouterServiceFactory({
      configure(context) {
        // What the root router's factory creates (typed as a plain Server).
        server = context.server as ExtendedHttpServer;
        applyDefaultsWithEdgeHygiene(context);
      },
    });
    const tester = ServiceFactoryTester.from(factory, {
      dependencies: [
        mockServices.rootConfig.factory({
          data: {
            backend: {
              listen: { host: '127.0.0.1', port: 0 },
              cors: { origin: 'http://localhost:3000' },
              inputLimits: { bodyBytes: 1000 },
            },
          },
        }),
      ],
    });
    const rootRouter = await tester.getSubject();
    const plugin = express.Router();
    plugin.use(express.json());
    plugin.post('/echo', (req, res) => {
      res.json(req.body);
    });
    plugin.get('/database-down', (_req, _res, next) => {
      next(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
          code: 'ECONNREFUSED',
        }),
      );
    });
    plugin.get('/bug', (_req, _res, next) => {
      next(new Error('a bug'));
    });
    rootRouter.use('/api/things', plugin);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('passes good input to the plugin routes', async () => {
    const res = await request(server)
      .post('/api/things/echo')
      .send({ name: 'Ådne 🚀' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ name: 'Ådne 🚀' });
  });

  it('refuses bad input before the plugin, after CORS, in the error shape', async () => {
    const res = await request(server)
      .post('/api/things/echo')
      .set('origin', 'http://localhost:3000')
      .set('content-type', 'application/json')
      .send('{"name":"\\ud800"}');
    expect(res.status).toBe(400);
    expect(res.headers['access-control-allow-origin']).toBe(
      'http://localhost:3000',
    );
    expect(res.body).toEqual({
      error: {
        name: 'InputError',
        message: expect.stringContaining('$.name is not well-formed'),
      },
      request: { method: 'POST', url: '/api/things/echo' },
      response: { statusCode: 400 },
    });
  });

  it('reads the size limit from backend.inputLimits', async () => {
    const res = await request(server)
      .post('/api/things/echo')
      .send({ name: 'x'.repeat(2000) });
    expect(res.status).toBe(413);
    expect(res.body.error.name).toBe('PayloadTooLargeError');
  });

  it('checks URLs before routing, also of paths no plugin serves', async () => {
    expect((await request(server).get('/api/nothing/here')).status).toBe(404);
    const res = await request(server).get('/api/nothing/here?x=%00');
    expect(res.status).toBe(400);
  });

  it('answers a database outage with 503 and Retry-After, a bug still with 500', async () => {
    const down = await request(server).get('/api/things/database-down');
    expect(down.status).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    expect(down.body.error).toMatchObject({
      name: 'ServiceUnavailableError',
      message: 'The database is not reachable; retry shortly',
    });
    const bug = await request(server).get('/api/things/bug');
    expect(bug.status).toBe(500);
  });
});

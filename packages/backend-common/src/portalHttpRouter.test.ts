import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import Router from 'express-promise-router';
import request from 'supertest';
import { portalHttpRouterServiceFactory } from './portalHttpRouter';

const failingPlugin = createBackendPlugin({
  pluginId: 'failing',
  register(reg) {
    reg.registerInit({
      deps: { httpRouter: coreServices.httpRouter },
      async init({ httpRouter }) {
        const router = Router();
        router.get('/database-down', async () => {
          throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), {
            code: 'ECONNREFUSED',
          });
        });
        router.get('/bug', async () => {
          throw new Error('a bug');
        });
        router.get('/input', async () => {
          throw new InputError('bad input');
        });
        httpRouter.use(router);
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
      },
    });
  },
});

describe('portalHttpRouterServiceFactory', () => {
  it("answers a plugin's database outage with 503 and Retry-After, without the database's address", async () => {
    const { server } = await startTestBackend({
      features: [portalHttpRouterServiceFactory, failingPlugin],
    });
    const down = await request(server).get('/api/failing/database-down');
    expect(down.status).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    expect(down.body.error).toMatchObject({
      name: 'ServiceUnavailableError',
      message: 'The database is not reachable; retry shortly',
    });
    expect(down.text).not.toContain('10.0.0.5');
    expect((await request(server).get('/api/failing/bug')).status).toBe(500);
    expect((await request(server).get('/api/failing/input')).status).toBe(400);
  });
});

import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { PolicySnapshot } from '@controlplane/plugin-rbac-common';
import { Router } from 'express';
import request from 'supertest';
import permissionModuleRbacPolicy from './index';

// Integration test: the real permission backend with this module, and a
// stand-in for the rbac plugin that serves an in-memory snapshot.

let snapshot: PolicySnapshot;
let snapshotRequests = 0;

const fakeRbacPlugin = createBackendPlugin({
  pluginId: 'rbac',
  register(reg) {
    reg.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
      },
      async init({ httpRouter, httpAuth }) {
        const router = Router();
        router.get('/policy/snapshot', async (req, res) => {
          await httpAuth.credentials(req, { allow: ['service'] });
          snapshotRequests += 1;
          const etag = `"${snapshot.revision}"`;
          if (req.header('if-none-match') === etag) {
            res.status(304).end();
            return;
          }
          res.setHeader('etag', etag);
          res.json(snapshot);
        });
        httpRouter.use(router);
      },
    });
  },
});

// alice is in group:default/operators.
const aliceUserInfo = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () =>
    mockServices.userInfo({
      ownershipEntityRefs: ['user:default/alice', 'group:default/operators'],
    }),
});

const basic = (name: string) => ({
  type: 'basic',
  name,
  attributes: {},
});

describe('permission backend with the RBAC policy module', () => {
  it('decides from the rbac plugin snapshot and follows its changes', async () => {
    snapshot = {
      revision: 1,
      roles: [
        {
          name: 'operator',
          grants: ['tenants.*'],
          members: ['group:default/operators'],
        },
      ],
    };
    const { server } = await startTestBackend({
      features: [
        permissionPlugin,
        permissionModuleRbacPolicy,
        fakeRbacPlugin,
        aliceUserInfo,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true, rbac: { refreshIntervalMs: 0 } },
          },
        }),
      ],
    });
    // Nothing is fetched at startup.
    expect(snapshotRequests).toBe(0);

    const authorize = async (...names: string[]) => {
      const response = await request(server)
        .post('/api/permission/authorize')
        .set('authorization', mockCredentials.user.header('user:default/alice'))
        .send({
          items: names.map((name, i) => ({
            id: `${i}`,
            permission: basic(name),
          })),
        });
      expect(response.status).toBe(200);
      return response.body.items.map((item: { result: string }) => item.result);
    };

    await expect(
      authorize('tenants.tenant.suspend', 'audit.log.read'),
    ).resolves.toEqual(['ALLOW', 'DENY']);

    snapshot = {
      revision: 2,
      roles: [
        {
          name: 'auditor',
          grants: ['audit.log.read'],
          members: ['group:default/operators'],
        },
      ],
    };
    await expect(
      authorize('tenants.tenant.suspend', 'audit.log.read'),
    ).resolves.toEqual(['DENY', 'ALLOW']);
    expect(snapshotRequests).toBe(2);
  });
});

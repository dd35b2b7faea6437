import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  auditorServiceFactory,
  auditTrailServiceFactory,
} from '@controlplane/plugin-audit-node';
import {
  createPortalTestDatabases,
  eventually,
} from '@controlplane/test-utils';
import request from 'supertest';
import auditPlugin from './index';

jest.setTimeout(60_000);

/** The audit plugin with the real audit trail and auditor of audit-node. */
describe('audit plugin with the durable auditor', () => {
  const databases = createPortalTestDatabases();

  it.each(databases.eachSupportedId())(
    'records its own export as one audit.export event on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          auditPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({ data: {} }),
          mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
          auditTrailServiceFactory,
          auditorServiceFactory,
        ],
      });
      try {
        const api = () => request(backend.server);
        const user = mockCredentials.user.header();
        const exported = await api()
          .get('/api/audit/export')
          .query({ format: 'json' })
          .set('Authorization', user);
        expect(exported.status).toBe(200);

        const logs = await eventually(async () => {
          const res = await api()
            .get('/api/audit/logs')
            .query({ action: 'audit.*' })
            .set('Authorization', user);
          expect(res.body.records).toHaveLength(1);
          return res.body.records;
        }, 10_000);
        expect(logs[0]).toMatchObject({
          source: 'plugin:audit',
          severity: 'medium',
          outcome: 'success',
        });
        // Reads are not recorded.
        const verify = await api()
          .get('/api/audit/verify')
          .set('Authorization', user);
        expect(verify.body).toMatchObject({ ok: true, checked: 1 });
      } finally {
        await backend.stop();
      }
    },
  );
});

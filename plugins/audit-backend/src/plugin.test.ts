import { generateKeyPairSync } from 'node:crypto';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AuditEventWriter,
  auditTrailServiceRef,
} from '@controlplane/plugin-audit-node';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import request from 'supertest';
import auditPlugin from './index';
import { keyIdOf } from './service/CheckpointSigner';

jest.setTimeout(60_000);

describe('audit plugin', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    it('signs with the configured key, schedules the purge and serves descriptions', async () => {
      const knex = await databases.init(databaseId);
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const publicPem = publicKey.export({
        type: 'spki',
        format: 'pem',
      }) as string;
      const scheduler = mockServices.scheduler.mock();
      const writers: AuditEventWriter[] = [];
      const backend = await startTestBackend({
        features: [
          auditPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              audit: {
                signingKey: privateKey.export({ type: 'pkcs8', format: 'pem' }),
                checkpointInterval: 2,
                retention: {
                  defaultDays: 365,
                  rules: [{ actions: ['rbac.*', 'tenants.*'], days: 2555 }],
                  schedule: {
                    frequency: { minutes: 30 },
                    timeout: { minutes: 5 },
                  },
                },
              },
            },
          }),
          mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
          scheduler.factory,
          createServiceFactory({
            service: auditTrailServiceRef,
            deps: {},
            factory: () => ({
              attachWriter: (writer: AuditEventWriter) => writers.push(writer),
              record: async () => {},
            }),
          }),
        ],
      });
      try {
        expect(writers).toHaveLength(1);
        await writers[0].write(
          ['rbac.role-grant', 'flags.update'].map(action => ({
            source: 'plugin:test',
            timestamp: '2020-01-01T00:00:00Z',
            actorId: 'user:default/ada',
            actorType: 'user' as const,
            action,
            outcome: 'success' as const,
            severity: 'high' as const,
            metadata: {},
          })),
        );

        const checkpoints = await request(backend.server)
          .get('/api/audit/checkpoints')
          .set('Authorization', mockCredentials.user.header());
        expect(checkpoints.body.signingKey).toEqual({
          keyId: keyIdOf(publicPem),
          publicKey: publicPem,
          ephemeral: false,
        });
        expect(checkpoints.body.checkpoints).toEqual([
          expect.objectContaining({ seq: 2, keyId: keyIdOf(publicPem) }),
        ]);

        expect(scheduler.scheduleTask).toHaveBeenCalledWith(
          expect.objectContaining({
            id: 'audit-retention-purge',
            frequency: { minutes: 30 },
          }),
        );
        expect(scheduler.scheduleTask).toHaveBeenCalledWith(
          expect.objectContaining({
            id: 'audit-chain-verification',
            frequency: { hours: 6 },
          }),
        );
        // The task purges the expired default-class record (2020 + 365 days).
        const task = scheduler.scheduleTask.mock.calls
          .map(([definition]) => definition)
          .find(definition => definition.id === 'audit-retention-purge')!;
        await task.fn(new AbortController().signal);
        const rows = await knex('audit_events').orderBy('seq');
        expect(rows.map(r => [r.action, r.purged_at !== null])).toEqual([
          ['rbac.role-grant', false],
          ['flags.update', true],
        ]);
        const verify = await request(backend.server)
          .get('/api/audit/verify')
          .set('Authorization', mockCredentials.user.header());
        expect(verify.body).toMatchObject({ ok: true, contentPurged: 1 });

        const descriptions = await request(backend.server)
          .get('/api/audit/.well-known/controlplane/permission-descriptions')
          .set('Authorization', mockCredentials.service.header());
        expect(Object.keys(descriptions.body.descriptions).sort()).toEqual([
          'audit.chain.acknowledge',
          'audit.chain.verify',
          'audit.log.export',
          'audit.log.read',
        ]);
      } finally {
        await backend.stop();
      }
    });
  });
});

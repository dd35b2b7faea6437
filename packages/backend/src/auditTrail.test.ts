import { mockCredentials } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import auditPlugin from '@controlplane/plugin-audit-backend';
import tenantsPlugin from '@controlplane/plugin-tenants-backend';
import {
  auditorServiceFactory,
  auditTrailServiceFactory,
} from '@controlplane/plugin-audit-node';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startBackendWithRbac } from '@controlplane/test-utils/rbac';
import { Knex } from 'knex';
import request from 'supertest';

/**
 * The portal's auditor override with the real audit backend: an audited
 * write of one of our plugins (rbac) and of one of Backstage's (catalog)
 * each land in the audit trail exactly once, with who did it.
 */
describe('every plugin audit event is stored in the audit trail', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    async function startBackend() {
      const { server, knex } = await startBackendWithRbac({
        databases,
        databaseId,
        features: [
          auditTrailServiceFactory,
          auditorServiceFactory,
          auditPlugin,
          catalogPlugin,
        ],
        pluginDatabases: ['audit', 'catalog'],
        initialMembers: { 'platform-admin': ['user:default/ada'] },
      });
      return { server, audit: knex.audit };
    }

    const ada = mockCredentials.user.header('user:default/ada');

    /**
     * The stored rows. (Read from the audit database: this checks what the
     * auditor stored, not the audit plugin's query API.)
     */
    async function stored(audit: Knex, where: Record<string, string>) {
      const rows = await audit('audit_events').where(where).orderBy('seq');
      return rows.map(row => ({
        source: row.source,
        action: row.action,
        actorId: row.actor_id,
        actorType: row.actor_type,
        outcome: row.outcome,
        severity: row.severity,
        requestId: row.request_id,
        tenant: row.tenant,
        metadata: JSON.parse(row.metadata),
      }));
    }

    it('stores the events of rbac and catalog once each', async () => {
      const { server, audit } = await startBackend();

      await request(server)
        .post('/api/rbac/roles')
        .set('Authorization', ada)
        .set('x-request-id', 'req-rbac-1')
        .send({ name: 'release-manager', description: 'Ships releases' })
        .expect(res => expect(res.status).toBeLessThan(300));

      // A catalog write that fails: the location does not exist.
      await request(server)
        .delete('/api/catalog/locations/00000000-0000-4000-8000-000000000000')
        .set('Authorization', ada)
        .expect(404);

      // Catalog reads are `low`: logged, not stored.
      await request(server)
        .get('/api/catalog/entities')
        .set('Authorization', ada)
        .expect(200);

      expect(await stored(audit, { action: 'rbac.role-create' })).toEqual([
        expect.objectContaining({
          source: 'plugin:rbac',
          actorId: 'user:default/ada',
          actorType: 'user',
          outcome: 'success',
          severity: 'high',
          requestId: 'req-rbac-1',
        }),
      ]);
      expect(
        await stored(audit, { action: 'catalog.location-mutate.delete' }),
      ).toEqual([
        expect.objectContaining({
          source: 'plugin:catalog',
          actorId: 'user:default/ada',
          outcome: 'failure',
          severity: 'medium',
          metadata: expect.objectContaining({
            error: expect.objectContaining({ name: 'NotFoundError' }),
          }),
        }),
      ]);
      expect(await stored(audit, { source: 'plugin:catalog' })).toHaveLength(1);
    });

    it('shows a tenant-scoped auditor only the records of her tenant', async () => {
      const { server } = await startBackendWithRbac({
        databases,
        databaseId,
        features: [
          auditTrailServiceFactory,
          auditorServiceFactory,
          auditPlugin,
        ],
        pluginDatabases: ['audit'],
        keepOboActor: true,
        initialMembers: {
          'platform-admin': ['user:default/ada'],
          auditor: ['user:default/audrey', 'user:default/tina@acme'],
        },
      });
      // A managed application reports events of two tenants.
      const ingested = await request(server)
        .post('/api/audit/events')
        .set('Authorization', mockCredentials.service.header())
        .send({
          events: ['acme', 'globex', 'acme'].map((tenant, i) => ({
            eventId: `evt-${i}`,
            timestamp: new Date(Date.now() - (3 - i) * 60_000).toISOString(),
            actorId: `user-${i}`,
            eventType: 'login.success',
            resourceId: `session-${i}`,
            tenant,
            outcome: 'success',
          })),
        });
      expect(ingested.status).toBe(200);
      const globexId = ingested.body.records[1].id;

      const tenantsSeenBy = async (user: string) => {
        const res = await request(server)
          .get('/api/audit/logs')
          .query({ action: 'login.success' })
          .set('Authorization', mockCredentials.user.header(user));
        expect(res.status).toBe(200);
        return res.body.records.map((r: { tenant: string }) => r.tenant);
      };
      expect(await tenantsSeenBy('user:default/audrey')).toEqual([
        'acme',
        'globex',
        'acme',
      ]);
      expect(await tenantsSeenBy('user:default/tina')).toEqual([
        'acme',
        'acme',
      ]);
      // Another tenant's record looks like a missing one.
      await request(server)
        .get(`/api/audit/logs/${globexId}`)
        .set('Authorization', mockCredentials.user.header('user:default/tina'))
        .expect(404);
      // Without any audit role: refused.
      await request(server)
        .get('/api/audit/logs')
        .set('Authorization', mockCredentials.user.header('user:default/sam'))
        .expect(403);
    });

    it('stores tenant sign-ins with the tenant user as the actor', async () => {
      const { server, knex } = await startBackendWithRbac({
        databases,
        databaseId,
        features: [
          auditTrailServiceFactory,
          auditorServiceFactory,
          auditPlugin,
          tenantsPlugin,
        ],
        pluginDatabases: ['audit', 'tenants'],
        initialMembers: { 'platform-admin': ['user:default/ada'] },
        config: {
          app: { baseUrl: 'http://localhost:3000' },
          tenants: { secretKey: Buffer.alloc(32, 7).toString('base64') },
        },
      });
      const provisioned = await request(server)
        .post('/api/tenants/tenants')
        .set('Authorization', ada)
        .send({
          name: 'acme',
          domain: 'acme.example',
          plan: 'starter',
          ownerEmail: 'owner@acme.example',
        });
      expect(provisioned.status).toBe(201);
      const token = new URL(
        provisioned.body.invitation.acceptUrl,
      ).searchParams.get('token');
      const password = 'Correct-Horse-7-battery';
      const owner = await request(server)
        .post('/api/tenants/invitations/accept')
        .send({ token, password });
      expect(owner.status).toBe(201);
      const login = (attempt: string) =>
        request(server)
          .post('/api/tenants/auth/login')
          .send({ email: 'owner@acme.example', password: attempt });
      expect((await login('not-the-password')).status).toBe(401);
      expect((await login(password)).status).toBe(200);

      const actor = `tenant-user:acme/${owner.body.id}`;
      expect(await stored(knex.audit, { action: 'tenants.signin' })).toEqual([
        expect.objectContaining({
          actorId: actor,
          actorType: 'user',
          outcome: 'failure',
          tenant: 'acme',
        }),
        expect.objectContaining({
          actorId: actor,
          actorType: 'user',
          outcome: 'success',
          severity: 'medium',
          tenant: 'acme',
        }),
      ]);
      // Nothing secret is on record.
      const rows = JSON.stringify(await knex.audit('audit_events'));
      expect(rows).not.toContain(password);
      expect(rows).not.toContain(token);
    });
  });
});

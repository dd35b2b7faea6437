import { mockCredentials } from '@backstage/backend-test-utils';
import appsPlugin from '@controlplane/plugin-apps-backend';
import auditPlugin from '@controlplane/plugin-audit-backend';
import {
  auditorServiceFactory,
  auditTrailServiceFactory,
} from '@controlplane/plugin-audit-node';
import tenantsPlugin from '@controlplane/plugin-tenants-backend';
import {
  createPortalTestDatabases,
  eventually,
} from '@controlplane/test-utils';
import { startBackendWithRbac } from '@controlplane/test-utils/rbac';
import request from 'supertest';

jest.setTimeout(120_000);

/**
 * Which apps serve a tenant has one source of truth, the apps plugin (an
 * app's `tenants`: what its credentials may reach). The tenants plugin sets
 * it when a tenant is provisioned or changed, as the user, and derives a
 * tenant's `applications` from it. Real tenants, apps, audit and RBAC
 * plugins over HTTP; an app's credential is accepted or refused by the
 * audit API within 5 seconds of a change.
 */
describe('the applications of a tenant', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    const ada = mockCredentials.user.header('user:default/ada');
    let backend: Awaited<ReturnType<typeof startBackendWithRbac>>;

    beforeAll(async () => {
      backend = await startBackendWithRbac({
        databases,
        databaseId,
        features: [
          auditTrailServiceFactory,
          auditorServiceFactory,
          auditPlugin,
          appsPlugin,
          tenantsPlugin,
        ],
        pluginDatabases: ['audit', 'apps', 'tenants'],
        keepOboActor: true,
        initialMembers: { 'platform-admin': ['user:default/ada'] },
        config: {
          app: { baseUrl: 'http://localhost:3000' },
          apps: {
            secretHashKey: 'integration-test-secret-hash-key-0123456789',
            verifier: { refreshIntervalMs: 2000, usageFlushIntervalMs: 200 },
          },
        },
      });
    });
    afterAll(async () => {
      await backend?.stop();
    });

    const api = () => request(backend.server);
    const as = (req: request.Test) => req.set('Authorization', ada);

    async function newApp(name: string) {
      const app = await as(
        api().post('/api/apps/apps').send({
          name,
          environment: 'production',
          owner: 'group:default/team-apps',
          tenants: [],
        }),
      );
      expect({ status: app.status, error: app.body.error }).toEqual({
        status: 201,
        error: undefined,
      });
      const key = await as(
        api()
          .post(`/api/apps/apps/${app.body.id}/api-keys`)
          .send({ name: 'events', scopes: ['audit:write'] }),
      );
      expect(key.status).toBe(201);
      return { id: app.body.id as string, token: key.body.token as string };
    }

    /** One audit event for `tenant` sent with the app's credential. */
    const sendEvent = (token: string, tenant: string) =>
      api()
        .post('/api/audit/events')
        .set('Authorization', `Bearer ${token}`)
        .send({
          events: [
            {
              eventId: `evt-${Math.random()}`,
              timestamp: new Date().toISOString(),
              actorId: 'user-42',
              eventType: 'login.failed',
              resourceType: 'session',
              resourceId: 's-1',
              tenant,
              outcome: 'failure',
            },
          ],
        });

    const provision = (name: string, applications: string[]) =>
      as(
        api()
          .post('/api/tenants/tenants')
          .send({
            name,
            domain: `${name}.example`,
            plan: 'starter',
            ownerEmail: `owner@${name}.example`,
            applications,
          }),
      );

    const applicationsOf = async (tenant: string) => {
      const res = await as(api().get(`/api/tenants/tenants/${tenant}`));
      expect(res.status).toBe(200);
      return res.body.applications as string[] | undefined;
    };

    it('lets the apps of a provisioned tenant in, and keeps a removed one out', async () => {
      const app = await newApp('billing-sync');
      const provisioned = await provision('acme', ['billing-sync']);
      expect({
        status: provisioned.status,
        error: provisioned.body.error,
      }).toEqual({ status: 201, error: undefined });
      expect(provisioned.body.tenant.applications).toEqual(['billing-sync']);
      expect(await applicationsOf('acme')).toEqual(['billing-sync']);

      // The app's credential reaches the tenant (the verifier's snapshot
      // refreshes every 2 s).
      await eventually(async () => {
        expect((await sendEvent(app.token, 'acme')).status).toBe(200);
      }, 5_000);

      const removed = await as(
        api().patch('/api/tenants/tenants/acme').send({ applications: [] }),
      );
      expect(removed.status).toBe(200);
      expect(removed.body.applications).toEqual([]);
      expect(await applicationsOf('acme')).toEqual([]);
      await eventually(async () => {
        const refused = await sendEvent(app.token, 'acme');
        expect(refused.status).toBe(403);
        expect(refused.body.error.message).toMatch(/acme/);
      }, 5_000);
    });

    it("shows a change of the app's tenants on the apps side in the tenant", async () => {
      const app = await newApp('crm-sync');
      expect((await provision('globex', [])).status).toBe(201);
      expect(await applicationsOf('globex')).toEqual([]);

      const changed = await as(
        api()
          .patch(`/api/apps/apps/${app.id}`)
          .send({ tenants: ['globex'] }),
      );
      expect(changed.status).toBe(200);
      expect(await applicationsOf('globex')).toEqual(['crm-sync']);
      const listed = await as(api().get('/api/tenants/tenants?q=globex'));
      expect(listed.body.items).toEqual([
        expect.objectContaining({ name: 'globex', applications: ['crm-sync'] }),
      ]);
    });

    it("passes the apps plugin's refusal on and stores nothing, so a retry works", async () => {
      const refused = await provision('initech', ['no-such-app']);
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(/no-such-app/);
      expect((await as(api().get('/api/tenants/tenants/initech'))).status).toBe(
        404,
      );

      await newApp('invoice-extractor');
      const retried = await provision('initech', ['invoice-extractor']);
      expect(retried.status).toBe(201);
      expect(await applicationsOf('initech')).toEqual(['invoice-extractor']);
    });
  });
});

import { mockCredentials } from '@backstage/backend-test-utils';
import {
  createPortalTestDatabases,
  eventually,
} from '@controlplane/test-utils';
import request from 'supertest';
import {
  PromotionsHarness,
  startPromotionsBackend,
} from '../__testUtils__/harness';

jest.setTimeout(60_000);

describe('deployments and drift', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let h: PromotionsHarness;
    let reporter: string;

    beforeAll(async () => {
      h = await startPromotionsBackend(databases, databaseId);
      reporter = await h.appToken(
        'support-triage-runtime',
        ['acme'],
        ['promotions:report'],
      );
    });

    afterAll(async () => {
      await h.backend.stop();
    });

    const report = (version: string, tenant = 'acme') =>
      h.asApp(reporter).post('/deployments/report', {
        target: 'agent:support-triage',
        tenant,
        environment: 'production',
        version,
      });

    it('starts from the configured deployments, once', async () => {
      const all = (await h.as('ada').get('/deployments?limit=200')).body.items;
      expect(all).toHaveLength(6);
      expect(all[0]).toMatchObject({
        target: 'agent:default/support-triage',
        entityRef: expect.stringMatching(
          /^deployment:default\/support-triage-(acme|globex)-(dev|stg|prod)$/,
        ),
        drift: 'unknown',
      });
      // Paged by the cursor: nothing missed, nothing twice.
      const first = await h.as('ada').get('/deployments?limit=4');
      const second = await h
        .as('ada')
        .get(`/deployments?limit=4&cursor=${first.body.nextCursor}`);
      expect(
        [...first.body.items, ...second.body.items].map(
          (d: { id: string }) => d.id,
        ),
      ).toEqual(all.map((d: { id: string }) => d.id));
      expect(second.body.nextCursor).toBeUndefined();
    });

    it('tells drift from the reports of running agents, announced once per drift', async () => {
      const published = () =>
        h.published.filter(e => e.type === 'deployment.drifted');
      const inSync = await report('1.4.1');
      expect(inSync.status).toBe(200);
      expect(inSync.body).toMatchObject({
        drift: 'in_sync',
        reportedVersion: '1.4.1',
      });

      const drifted = await report('1.3.9');
      expect(drifted.body).toMatchObject({
        drift: 'drifted',
        version: '1.4.1',
        reportedVersion: '1.3.9',
      });
      await eventually(async () => expect(published()).toHaveLength(1));
      expect(published()[0]).toMatchObject({
        entityRef: 'deployment:default/support-triage-acme-prod',
        drift: 'drifted',
        reportedVersion: '1.3.9',
      });
      // The next heartbeats and the housekeeping announce nothing new.
      await report('1.3.9');
      await h.housekeeping();
      expect(published()).toHaveLength(1);

      // Per tenant, for the platform dashboard; the filter lists drifted ones.
      const summary = (await h.as('oscar').get('/drift')).body.tenants;
      expect(summary[0]).toEqual({
        tenant: 'acme',
        deployments: 4,
        drifted: 1,
        silent: 0,
      });
      expect(summary).toContainEqual({
        tenant: 'globex',
        deployments: 2,
        drifted: 0,
        silent: 0,
      });
      const listed = (await h.as('oscar').get('/deployments?drift=drifted'))
        .body.items;
      expect(listed.map((d: { entityRef: string }) => d.entityRef)).toEqual([
        'deployment:default/support-triage-acme-prod',
      ]);

      // Back in sync, then drifting again: announced again.
      await report('1.4.1');
      await report('1.3.8');
      await eventually(async () => expect(published()).toHaveLength(2));

      // The platform dashboard's summary counts each detection once.
      const asService = (pluginId: string) =>
        request(h.backend.server)
          .get('/api/promotions/platform-summary')
          .set(
            'Authorization',
            mockCredentials.service.header({
              onBehalfOf: mockCredentials.service(`plugin:${pluginId}`),
              targetPluginId: 'promotions',
            }),
          );
      const dashboard = await asService('platform-health');
      expect(dashboard.status).toBe(200);
      expect(dashboard.body.tenants).toContainEqual({
        tenant: 'acme',
        deployments: 4,
        drifted: 1,
        silent: 0,
        detections24h: 2,
        detections7d: 2,
        environments7d: 1,
        lastDetectedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(dashboard.body.tenants).toContainEqual(
        expect.objectContaining({
          tenant: 'globex',
          detections7d: 0,
          lastDetectedAt: null,
        }),
      );
      expect((await asService('catalog')).status).toBe(403);
      expect((await h.as('ada').get('/platform-summary')).status).toBe(403);
    });

    it('takes reports only for the tenants the app serves and for deployments that exist', async () => {
      expect((await report('1.4.1', 'globex')).status).toBe(403);
      const missing = await h.asApp(reporter).post('/deployments/report', {
        target: 'agent:nothing-here',
        tenant: 'acme',
        environment: 'production',
        version: '1.0.0',
      });
      expect(missing.status).toBe(404);
      expect(
        (
          await h.as('ada').post('/deployments/report', {
            target: 'agent:support-triage',
            tenant: 'acme',
            environment: 'production',
            version: '1',
          })
        ).status,
      ).toBe(403);
      const noScope = await h.appToken(
        'no-scope-runtime',
        ['acme'],
        ['flags:read'],
      );
      expect(
        (
          await h.asApp(noScope).post('/deployments/report', {
            target: 'agent:support-triage',
            tenant: 'acme',
            environment: 'production',
            version: '1',
          })
        ).status,
      ).toBe(403);
    });

    it('records what CI deployed into development, where new versions enter', async () => {
      const ci = await h.appToken(
        `ci-${databaseId.toLowerCase().replace(/_/g, '-')}`,
        ['acme'],
        ['promotions:write'],
      );
      const body = {
        target: 'agent:invoice-extractor',
        tenant: 'acme',
        version: '1.0.0',
      };
      const first = await h.asApp(ci).post('/deployments', body);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        environment: 'development',
        version: '1.0.0',
        entityRef: 'deployment:default/invoice-extractor-acme-dev',
      });
      expect((await h.asApp(ci).post('/deployments', body)).status).toBe(200);
      const moved = await h
        .asApp(ci)
        .post('/deployments', { ...body, version: '1.0.1' });
      expect(moved.body).toMatchObject({
        version: '1.0.1',
        previousVersion: '1.0.0',
      });
      await eventually(async () =>
        expect(
          h.published.filter(e => e.type === 'deployment.recorded'),
        ).toHaveLength(2),
      );
      // Only development: other environments are reached by promotions.
      expect(
        (
          await h
            .asApp(ci)
            .post('/deployments', { ...body, environment: 'production' })
        ).status,
      ).toBe(400);
      expect(
        (await h.asApp(ci).post('/deployments', { ...body, tenant: 'globex' }))
          .status,
      ).toBe(403);
      expect(
        (await h.as('dana').post('/deployments', { ...body, tenant: 'globex' }))
          .status,
      ).toBe(403);
      expect((await h.as('april').post('/deployments', body)).status).toBe(403);
      expect(
        (await h.as('dana').post('/deployments', { ...body, version: '1.0.2' }))
          .status,
      ).toBe(200);
      // From there it is promoted like any version.
      const asked = await h.as('devon').post('/requests', {
        target: 'agent:invoice-extractor',
        tenant: 'acme',
        sourceEnvironment: 'development',
        version: '1.0.2',
      });
      expect(asked.status).toBe(201);
      expect(asked.body).toMatchObject({
        targetEnvironment: 'staging',
        previousVersion: null,
      });
      expect(
        h.auditEvents().filter(e => e.eventId === 'deployment-record'),
      ).toHaveLength(7);
    });

    it('gives the catalog every deployment as a Deployment entity, with the applied version', async () => {
      const asCatalog = () =>
        request(h.backend.server)
          .get('/api/promotions/entities')
          .set(
            'Authorization',
            mockCredentials.service.header({
              onBehalfOf: mockCredentials.service('plugin:catalog'),
              targetPluginId: 'promotions',
            }),
          );
      const asked = await h.askProduction('devon', { tenant: 'globex' });
      await h.as('april').post(`/requests/${asked.body.id}/approve`, {});
      const { body } = await asCatalog();
      const entity = body.entities.find(
        (e: { metadata: { name: string } }) =>
          e.metadata.name === 'support-triage-globex-prod',
      );
      expect(entity).toMatchObject({
        apiVersion: 'controlplane.io/v1alpha1',
        kind: 'Deployment',
        metadata: {
          annotations: { 'controlplane.io/promotion-request': asked.body.id },
        },
        spec: {
          target: 'agent:default/support-triage',
          environment: 'production',
          version: '1.4.2',
          tenant: 'tenant:default/globex',
        },
      });
      expect((await h.as('ada').get('/entities')).status).toBe(403);
    });
  });

  describe('silence', () => {
    let h: PromotionsHarness;
    beforeAll(async () => {
      // Reports older than 0.6 s are silence.
      h = await startPromotionsBackend(databases, 'SQLITE_3', {
        drift: { silentAfterMinutes: 0.01 },
      });
    });
    afterAll(async () => {
      await h.backend.stop();
    });

    it('calls a deployment that stopped reporting silent, and announces it once', async () => {
      const token = await h.appToken(
        'quiet-runtime',
        ['acme'],
        ['promotions:report'],
      );
      const reported = await h.asApp(token).post('/deployments/report', {
        target: 'agent:support-triage',
        tenant: 'acme',
        environment: 'production',
        version: '1.4.1',
      });
      expect(reported.body.drift).toBe('in_sync');
      await eventually(async () => {
        await h.housekeeping();
        expect(
          h.published.filter(e => e.type === 'deployment.drifted'),
        ).toEqual([
          expect.objectContaining({
            drift: 'silent',
            entityRef: 'deployment:default/support-triage-acme-prod',
          }),
        ]);
      });
      await h.housekeeping();
      expect(
        h.published.filter(e => e.type === 'deployment.drifted'),
      ).toHaveLength(1);
      expect((await h.as('ada').get('/drift')).body.tenants[0]).toEqual({
        tenant: 'acme',
        deployments: 4,
        drifted: 0,
        silent: 1,
      });
    });
  });
});

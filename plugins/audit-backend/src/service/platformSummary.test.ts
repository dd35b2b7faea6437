import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { AuditEventInput } from '@controlplane/plugin-audit-common';
import { auditTrailServiceFactory } from '@controlplane/plugin-audit-node';
import {
  createMockAuditor,
  createPortalTestDatabases,
  queriesDuring,
} from '@controlplane/test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import auditPlugin from '../index';
import { AuditStore } from '../database/AuditStore';
import { connectAuditStores } from '../database/stores';
import { CheckpointSigner, nodeSha256 } from './CheckpointSigner';

jest.setTimeout(90_000);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A service principal's token for the audit plugin. */
const asService = (pluginId: string) => (req: request.Test) =>
  req.set(
    'Authorization',
    mockCredentials.service.header({
      onBehalfOf: mockCredentials.service(`plugin:${pluginId}`),
      targetPluginId: 'audit',
    }),
  );

describe('GET /platform-summary', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    let knex: Knex;
    /** A second store on the plugin's database, to write records at chosen times. */
    let store: AuditStore;
    const api = () => request(backend.server);
    const summary = () =>
      asService('platform-health')(api().get('/api/audit/platform-summary'));

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      backend = await startTestBackend({
        features: [
          auditPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({ data: {} }),
          // Even platform admins (allowed everything) get 403.
          mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
          // No scheduled task runs queries while they are counted.
          mockServices.scheduler.mock({ scheduleTask: jest.fn() }).factory,
          createMockAuditor().auditor.factory,
          auditTrailServiceFactory,
        ],
      });
      store = (
        await connectAuditStores(mockServices.database({ knex }), {
          signer: CheckpointSigner.ephemeral(),
          checkpointInterval: 1000,
          sha256: nodeSha256,
        })
      ).audit;
    });
    afterAll(async () => {
      await backend?.stop();
    });

    let now = Date.now();
    const at = (ago: number) => new Date(now - ago).toISOString();
    let n = 0;
    /** A privileged action of a person `ago` ms ago, unless told otherwise. */
    const event = (
      ago: number,
      overrides: Partial<AuditEventInput> = {},
    ): AuditEventInput => {
      n += 1;
      return {
        source: 'plugin:rbac',
        eventId: `evt-${n}`,
        timestamp: at(ago),
        actorId: `user:default/u${n}`,
        actorType: 'user',
        action: 'rbac.role-grant',
        resourceType: 'rbac-role',
        resourceId: `role-${n}`,
        tenant: 'acme',
        outcome: 'success',
        severity: 'high',
        metadata: { n },
        ip: '10.0.0.1',
        ...overrides,
      };
    };
    const idsOf = async (events: AuditEventInput[]) => {
      const { accepted } = await store.append(events);
      return accepted.map(record => record.id);
    };

    it('counts the privileged actions of people of the last 24 hours and lists the latest ones', async () => {
      now = Date.now();
      const [h1, h2, h3, h4] = await idsOf([
        event(HOUR),
        event(2 * HOUR, { severity: 'critical', outcome: 'failure' }),
        event(3 * HOUR, { severity: 'critical', tenant: 'globex' }),
        // No tenant, no resource: in the total only.
        event(4 * HOUR, {
          tenant: undefined,
          resourceType: undefined,
          resourceId: undefined,
        }),
      ]);
      // Not privileged actions of people: lower severities, the system (a
      // service), a managed application, an operator.
      await idsOf([
        event(HOUR, { severity: 'medium' }),
        event(HOUR, { severity: 'low', tenant: 'globex' }),
        event(HOUR, {
          severity: 'critical',
          actorType: 'system',
          actorId: 'plugin:catalog',
        }),
        event(HOUR, { actorType: 'app', actorId: 'app:billing-sync' }),
        event(HOUR, { actorType: 'operator', severity: 'critical' }),
      ]);
      // Older than 24 hours: listed, not counted.
      const [d1, d10] = await idsOf([
        event(30 * HOUR, { tenant: 'globex' }),
        event(10 * DAY, { severity: 'critical' }),
      ]);
      // The newest of all, but purged: its content is gone, it is left out.
      await idsOf([event(30 * MINUTE, { action: 'test.purged' })]);
      expect(
        await store.redactExpired(
          [
            {
              exact: ['test.purged'],
              prefixes: [],
              cutoff: new Date(now + DAY).toISOString(),
            },
          ],
          new Date(now).toISOString(),
          100,
        ),
      ).toBe(1);

      const res = await summary();
      expect(res.status).toBe(200);
      const generated = Date.parse(res.body.generatedAt);
      expect(generated).toBeGreaterThanOrEqual(now - 1000);
      expect(res.body.generatedAt).toBe(new Date(generated).toISOString());
      expect(res.body.adminActions24h).toBe(4);
      expect(res.body.adminActionsByTenant24h).toEqual([
        { tenant: 'acme', count: 2 },
        { tenant: 'globex', count: 1 },
      ]);
      expect(res.body.recentAdminActivity.map((r: any) => r.id)).toEqual([
        h1,
        h2,
        h3,
        h4,
        d1,
        d10,
      ]);
      expect(res.body.recentAdminActivity[1]).toEqual({
        id: h2,
        timestamp: at(2 * HOUR),
        actorId: expect.stringMatching(/^user:default\/u\d+$/),
        action: 'rbac.role-grant',
        resourceType: 'rbac-role',
        resourceId: expect.stringMatching(/^role-\d+$/),
        tenant: 'acme',
        outcome: 'failure',
      });
      expect(res.body.recentAdminActivity[3]).toEqual({
        id: h4,
        timestamp: at(4 * HOUR),
        actorId: expect.any(String),
        action: 'rbac.role-grant',
        outcome: 'success',
      });
    });

    it('is for the platform-health plugin only', async () => {
      const path = '/api/audit/platform-summary';
      // Without credentials (the test backend answers 403, the real one 401).
      expect([401, 403]).toContain((await api().get(path)).status);
      // Users, even those allowed everything.
      expect(
        (
          await api()
            .get(path)
            .set('Authorization', mockCredentials.user.header())
        ).status,
      ).toBe(403);
      // Other services, named or not.
      const catalog = await asService('catalog')(api().get(path));
      expect(catalog.status).toBe(403);
      expect(catalog.body.error.message).toMatch(/plugin:platform-health/);
      expect(
        (
          await api()
            .get(path)
            .set('Authorization', mockCredentials.service.header())
        ).status,
      ).toBe(403);
      expect((await summary()).status).toBe(200);
    });

    it('makes as many queries for 200 tenants as for 10, and lists 20', async () => {
      now = Date.now();
      const tenantName = (i: number) => `load-${String(i).padStart(3, '0')}`;
      const addTenants = async (from: number, to: number) => {
        const events: AuditEventInput[] = [];
        for (let i = from; i < to; i++) {
          events.push(
            event(MINUTE + i * 1000, { tenant: tenantName(i) }),
            event(2 * DAY, { tenant: tenantName(i), severity: 'critical' }),
          );
        }
        await store.append(events);
      };
      const queriesOfOneSummary = async () => {
        const { queries, result: res } = await queriesDuring(knex, summary);
        expect(res.status).toBe(200);
        return { queries: queries.length, body: res.body };
      };

      await addTenants(0, 10);
      const with10 = await queriesOfOneSummary();
      expect(
        with10.body.adminActionsByTenant24h.filter((t: any) =>
          t.tenant.startsWith('load-'),
        ),
      ).toHaveLength(10);
      await addTenants(10, 200);
      const with200 = await queriesOfOneSummary();
      const loads = with200.body.adminActionsByTenant24h.filter((t: any) =>
        t.tenant.startsWith('load-'),
      );
      expect(loads).toHaveLength(200);
      expect(loads[0]).toEqual({ tenant: 'load-000', count: 1 });
      expect(with200.queries).toBe(with10.queries);
      expect(with10.queries).toBe(2);

      // The latest 20, newest first: load-000's action a minute ago first.
      const recent = with200.body.recentAdminActivity;
      expect(recent).toHaveLength(20);
      expect(recent.map((r: any) => r.tenant)).toEqual(
        Array.from({ length: 20 }, (_, i) => tenantName(i)),
      );
    });
  });
});

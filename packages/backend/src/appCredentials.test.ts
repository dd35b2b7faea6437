import { isPostgres } from '@controlplane/backend-common';
import { mockCredentials } from '@backstage/backend-test-utils';
import appsPlugin from '@controlplane/plugin-apps-backend';
import auditPlugin from '@controlplane/plugin-audit-backend';
import {
  auditorServiceFactory,
  auditTrailServiceFactory,
} from '@controlplane/plugin-audit-node';
import {
  createPortalTestDatabases,
  eventually,
} from '@controlplane/test-utils';
import { startBackendWithRbac } from '@controlplane/test-utils/rbac';
import { Knex } from 'knex';
import request from 'supertest';

jest.setTimeout(120_000);

/**
 * Managed applications end to end, across plugins and over real HTTP: the
 * apps plugin issues credentials, the audit plugin accepts them on
 * `POST /events` through apps-node, which reads the apps plugin's snapshot
 * with the portal's default refresh interval. Revocation and disabling must
 * take effect within 5 seconds.
 */
describe('app credentials on the audit API', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    const ada = mockCredentials.user.header('user:default/ada');
    const started: Array<{ stop(): Promise<void> }> = [];
    afterEach(async () => {
      await Promise.all(started.splice(0).map(backend => backend.stop()));
    });

    async function startPortal() {
      const backend = await startBackendWithRbac({
        databases,
        databaseId,
        features: [
          auditTrailServiceFactory,
          auditorServiceFactory,
          auditPlugin,
          appsPlugin,
        ],
        pluginDatabases: ['audit', 'apps'],
        keepOboActor: true,
        initialMembers: { 'platform-admin': ['user:default/ada'] },
        config: {
          apps: {
            secretHashKey: 'integration-test-secret-hash-key-0123456789',
            // The portal's default refresh; usage is flushed quickly here.
            verifier: { refreshIntervalMs: 2000, usageFlushIntervalMs: 200 },
          },
        },
      });
      started.push(backend);
      const server = backend.server;

      const post = (path: string, body: object) =>
        request(server).post(path).set('Authorization', ada).send(body);

      const app = await post('/api/apps/apps', {
        name: 'billing-sync',
        environment: 'production',
        owner: 'group:default/team-apps',
        tenants: ['acme'],
      }).expect(201);
      const issue = async (name: string, scopes: string[]) => {
        const res = await post(`/api/apps/apps/${app.body.id}/api-keys`, {
          name,
          scopes,
        });
        expect({ status: res.status, error: res.body.error }).toEqual({
          status: 201,
          error: undefined,
        });
        return res.body as {
          credential: { id: string; clientId: string };
          clientSecret: string;
          token: string;
        };
      };

      /** Posts one audit event for `tenant` with the given authorization. */
      const sendEvent = (
        authorization: string | undefined,
        tenant = 'acme',
        eventId = `evt-${Math.random()}`,
      ) => {
        const req = request(server).post('/api/audit/events');
        if (authorization) req.set('Authorization', authorization);
        return req.send({
          events: [
            {
              eventId,
              // Apps may report only recent events (audit.ingestion).
              timestamp: new Date(Date.now() - 60_000).toISOString(),
              actorId: 'user-42',
              eventType: 'login.failed',
              resourceType: 'session',
              resourceId: 's-1',
              tenant,
              outcome: 'failure',
              ip: '203.0.113.9',
            },
          ],
        });
      };
      return { backend, server, app: app.body, issue, post, sendEvent };
    }

    async function everyValue(knex: Knex) {
      const tables: string[] = isPostgres(knex)
        ? await knex('pg_tables')
            .where({ schemaname: 'public' })
            .pluck('tablename')
        : await knex('sqlite_master').where({ type: 'table' }).pluck('name');
      const rows = await Promise.all(tables.map(table => knex(table)));
      return JSON.stringify(rows);
    }

    it('accepts a valid credential and refuses every wrong one, with a clear message', async () => {
      const { backend, issue, sendEvent } = await startPortal();
      const writer = await issue('events', ['audit:write']);
      const reader = await issue('flags', ['flags:read']);
      const bearer = (token: string) => `Bearer ${token}`;

      const accepted = await sendEvent(bearer(writer.token), 'acme', 'ok-1');
      expect(accepted.status).toBe(200);
      const stored = await backend.knex.audit('audit_events').where({
        event_id: 'ok-1',
      });
      expect(stored).toEqual([
        expect.objectContaining({
          source: 'app:billing-sync',
          tenant: 'acme',
          action: 'login.failed',
        }),
      ]);

      const refusals = [
        [undefined, 401],
        ['Bearer cp_live_notatoken', 401],
        [bearer(`${writer.credential.clientId}.${'x'.repeat(43)}`), 401],
        [bearer(`cp_live_${'a'.repeat(16)}.${'x'.repeat(43)}`), 401],
        [bearer(reader.token), 403],
      ] as const;
      for (const [authorization, status] of refusals) {
        const res = await sendEvent(authorization);
        expect({ authorization, status: res.status }).toEqual({
          authorization,
          status,
        });
        expect(res.body.error.message).toEqual(expect.any(String));
      }
      expect(
        (await sendEvent(bearer(reader.token))).body.error.message,
      ).toMatch(/audit:write/);
      // Another tenant's data: refused, and nothing of the batch is stored.
      const outside = await sendEvent(bearer(writer.token), 'globex', 'g-1');
      expect(outside.status).toBe(403);
      expect(outside.body.error.message).toMatch(/globex/);
      expect(
        await backend.knex.audit('audit_events').where({ event_id: 'g-1' }),
      ).toEqual([]);

      // No secret, in clear, anywhere in the apps or audit databases.
      for (const knex of [backend.knex.apps, backend.knex.audit]) {
        const everything = await everyValue(knex);
        for (const issued of [writer, reader]) {
          expect(everything).not.toContain(issued.clientSecret);
        }
      }
    });

    it('stops a revoked credential and a disabled app within 5 seconds, and rotates with a grace period', async () => {
      const { app, issue, post, server, sendEvent } = await startPortal();
      const first = await issue('first', ['audit:write']);
      const second = await issue('second', ['audit:*']);
      const bearer = (token: string) => `Bearer ${token}`;
      expect((await sendEvent(bearer(first.token))).status).toBe(200);
      expect((await sendEvent(bearer(second.token))).status).toBe(200);

      // Rotation: both secrets work during the grace period.
      const rotated = (
        await post(`/api/apps/api-keys/${second.credential.id}/rotate`, {
          gracePeriodHours: 1,
        }).expect(200)
      ).body;
      expect(rotated.credential.clientId).toBe(second.credential.clientId);
      await eventually(async () => {
        expect((await sendEvent(bearer(rotated.token))).status).toBe(200);
      }, 5000);
      expect((await sendEvent(bearer(second.token))).status).toBe(200);

      // Revocation takes effect on every instance within 5 seconds.
      const revokedAt = Date.now();
      await request(server)
        .delete(`/api/apps/api-keys/${first.credential.id}`)
        .set('Authorization', mockCredentials.user.header('user:default/ada'))
        .expect(200);
      await eventually(async () => {
        const res = await sendEvent(bearer(first.token));
        expect(res.status).toBe(401);
        expect(res.body.error.message).toMatch(/revoked/);
      }, 5000);
      expect(Date.now() - revokedAt).toBeLessThan(5000);

      // Disabling the app stops its other credentials; enabling restores them.
      await post(`/api/apps/apps/${app.id}/disable`, {
        reason: 'Leaked credentials',
      }).expect(200);
      await eventually(async () => {
        const res = await sendEvent(bearer(rotated.token));
        expect(res.status).toBe(401);
        expect(res.body.error.message).toMatch(/disabled/);
      }, 5000);
      await post(`/api/apps/apps/${app.id}/enable`, {}).expect(200);
      await eventually(async () => {
        expect((await sendEvent(bearer(rotated.token))).status).toBe(200);
      }, 5000);
    });

    it('limits the rate per app and route, and counts the usage per credential', async () => {
      const { app, issue, server, sendEvent } = await startPortal();
      const writer = await issue('events', ['audit:write']);
      const bearer = `Bearer ${writer.token}`;
      await request(server)
        .put(`/api/apps/apps/${app.id}/rate-limits`)
        .set('Authorization', ada)
        .send({
          rules: [
            { routePattern: '/api/audit/*', limitPerMinute: 6, burst: 2 },
          ],
        })
        .expect(200);

      // Once the new rule is in the snapshot, the third call in a row is
      // refused until the bucket refills (one call per 10 seconds).
      const limited = await eventually(async () => {
        const statuses: number[] = [];
        let refused: request.Response | undefined;
        for (let i = 0; i < 3; i++) {
          const res = await sendEvent(bearer);
          statuses.push(res.status);
          if (res.status === 429) refused = res;
        }
        expect(statuses).toContain(429);
        return refused!;
      }, 5000);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(limited.body.error.message).toEqual(expect.any(String));
      // A wrong secret of this credential counts as a failed call.
      await sendEvent(`Bearer ${writer.credential.clientId}.${'y'.repeat(43)}`);

      const usage = await eventually(async () => {
        const res = await request(server)
          .get(`/api/apps/api-keys/${writer.credential.id}/usage`)
          .query({ period: '7d' })
          .set('Authorization', ada)
          .expect(200);
        expect(res.body.usage.rate_limited).toBeGreaterThanOrEqual(1);
        expect(res.body.usage.successful_requests).toBeGreaterThanOrEqual(2);
        expect(
          res.body.usage.failed_requests - res.body.usage.rate_limited,
        ).toBeGreaterThanOrEqual(1);
        // Counts arrive in flushes while this reads: wait for all of them.
        expect(res.body.by_endpoint).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ endpoint: 'POST /api/audit/events' }),
          ]),
        );
        expect(res.body.last_used_at).toEqual(expect.any(String));
        return res.body;
      }, 10_000);
      const endpointTotal = usage.by_endpoint.reduce(
        (sum: number, row: { count: number }) => sum + row.count,
        0,
      );
      expect(endpointTotal).toBeGreaterThanOrEqual(4);
    });
  });
});

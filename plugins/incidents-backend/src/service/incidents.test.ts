import { mockCredentials } from '@backstage/backend-test-utils';
import {
  createPortalTestDatabases,
  eventually,
} from '@controlplane/test-utils';
import {
  INCIDENT_NOTIFICATION_TOPICS,
  incidentPath,
} from '@controlplane/plugin-incidents-common';
import request from 'supertest';
import {
  AuditSeed,
  IncidentsHarness,
  startIncidentsBackend,
} from '../__testUtils__/harness';

jest.setTimeout(60_000);

describe('incidents', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let h: IncidentsHarness;

    beforeAll(async () => {
      h = await startIncidentsBackend(databases, databaseId);
    });

    afterAll(async () => {
      await h.backend.stop();
    });

    const asService = (path: string, body: object) =>
      request(h.backend.server)
        .post(`/api/incidents${path}`)
        .set(
          'Authorization',
          mockCredentials.service.header({
            onBehalfOf: mockCredentials.service('plugin:platform-health'),
            targetPluginId: 'incidents',
          }),
        )
        .send(body);

    it('moves through every legal transition, answers every illegal one with a 409, and keeps the times', async () => {
      const { body: incident } = await h.open('oscar');
      expect(incident).toMatchObject({
        status: 'open',
        reporter: 'user:default/oscar',
        source: 'manual',
      });
      const move = (action: string, note?: string) =>
        h.as('sam').post(`/incidents/${incident.id}/transition`, {
          action,
          ...(note ? { note } : {}),
        });

      // From open: neither close nor reopen.
      expect((await move('close')).status).toBe(409);
      expect((await move('reopen')).status).toBe(409);
      const started = await move('start');
      expect(started.body).toMatchObject({
        status: 'in_progress',
        timeToAcknowledgeSeconds: expect.any(Number),
      });
      expect((await move('start')).status).toBe(409);
      expect((await move('close')).status).toBe(409);
      // Resolving needs a note.
      expect((await move('resolve')).status).toBe(400);
      const resolved = await move('resolve', 'Raised the model timeout');
      expect(resolved.body).toMatchObject({
        status: 'resolved',
        timeToResolveSeconds: expect.any(Number),
      });
      expect((await move('resolve', 'again')).status).toBe(409);
      expect((await move('start')).status).toBe(409);
      expect((await move('reopen')).body.status).toBe('open');
      // open → resolved directly (a ticket answered at once), then closed.
      expect((await move('resolve', 'Answered')).body.status).toBe('resolved');
      const closed = await move('close');
      expect(closed.body).toMatchObject({
        status: 'closed',
        closedAt: expect.any(String),
      });
      expect((await move('close')).status).toBe(409);
      expect((await move('resolve', 'x')).status).toBe(409);
      expect((await move('reopen')).body.status).toBe('open');

      const timeline = (
        await h.as('oscar').get(`/incidents/${incident.id}/timeline`)
      ).body.items;
      expect(
        timeline
          .filter((e: { kind: string }) => e.kind === 'status')
          .map((e: { summary: string }) => e.summary),
      ).toEqual([
        'open → in_progress',
        'in_progress → resolved: Raised the model timeout',
        'resolved → open',
        'open → resolved: Answered',
        'resolved → closed',
        'closed → open',
      ]);
      // Every change is an event on controlplane.incidents (promotions freeze on them).
      await eventually(async () =>
        expect(
          h.published
            .filter(e => e.incident.id === incident.id)
            .map(e => e.type),
        ).toEqual([
          'incident.opened',
          ...Array(6).fill('incident.status-changed'),
        ]),
      );
      // The timeline is a record: the database refuses to change it. (The
      // reason is read by hand: SQLite's errors come from outside jest's
      // realm, so `rejects.toThrow` does not always see them as errors.)
      const refusal = await Promise.resolve(
        h
          .knex('incident_timeline')
          .where({ incident_id: incident.id })
          .update({ actor: 'mallory' }),
      ).then(
        () => 'updated',
        (error: { message?: string }) => String(error?.message ?? error),
      );
      expect(refusal).toMatch(/append-only: UPDATE refused/);
    });

    it("keeps tenant owners to their tenant's tickets: they read, open and comment, but do not work them", async () => {
      const own = await h.open('tina', {
        title: 'Invoices look wrong',
        category: 'billing',
        severity: 'SEV4',
        priority: 'medium',
      });
      expect(own.status).toBe(201);
      expect((await h.open('tina', { tenant: 'globex' })).status).toBe(403);
      expect((await h.open('tina', { tenant: undefined })).status).toBe(403);
      const globex = await h.open('oscar', { tenant: 'globex' });
      expect(
        (await h.as('tina').get(`/incidents/${globex.body.id}`)).status,
      ).toBe(404);
      const listed = (await h.as('tina').get('/incidents?limit=200')).body
        .items;
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.every((i: { tenant: string }) => i.tenant === 'acme')).toBe(
        true,
      );
      const detail = await h.as('tina').get(`/incidents/${own.body.id}`);
      expect(detail.body.allowed).toEqual({
        update: false,
        comment: true,
        transitions: [],
      });
      expect(
        (
          await h.as('tina').post(`/incidents/${own.body.id}/comments`, {
            body: 'Since Monday',
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await h
            .as('tina')
            .patch(`/incidents/${own.body.id}`, { severity: 'SEV1' })
        ).status,
      ).toBe(403);
      expect(
        (
          await h
            .as('tina')
            .post(`/incidents/${own.body.id}/transition`, { action: 'start' })
        ).status,
      ).toBe(403);
      expect((await h.as('nobody').get('/incidents')).status).toBe(403);
      // The support agent works it: assignment and severity are on the
      // timeline, the assignee is notified, the severity change announced.
      const assigned = await h.as('sam').patch(`/incidents/${own.body.id}`, {
        assignee: 'user:default/sam',
        severity: 'SEV3',
        watchers: ['user:default/tina'],
      });
      expect(assigned.body).toMatchObject({
        assignee: 'user:default/sam',
        severity: 'SEV3',
      });
      const summaries = (
        await h.as('sam').get(`/incidents/${own.body.id}/timeline`)
      ).body.items.map((e: { summary: string }) => e.summary);
      expect(summaries).toEqual(
        expect.arrayContaining([
          'severity: SEV4 → SEV3',
          'assignee: nobody → user:default/sam',
          'Since Monday',
        ]),
      );
      await eventually(async () =>
        expect(h.published).toContainEqual(
          expect.objectContaining({
            type: 'incident.severity-changed',
            incident: expect.objectContaining({ id: own.body.id }),
          }),
        ),
      );
      // Sam assigned himself: nobody to tell but the watcher Tina.
      expect(h.notifications.map(n => n.recipients.entityRef)).toContainEqual([
        'user:default/tina',
      ]);
      const aboutOwn = h.notifications.filter(
        n => n.payload.link === `/incidents/${own.body.id}`,
      );
      expect(aboutOwn).toContainEqual({
        recipients: {
          type: 'entity',
          entityRef: ['user:default/tina'],
          excludeEntityRef: 'user:default/sam',
        },
        payload: {
          topic: INCIDENT_NOTIFICATION_TOPICS.updated,
          title: expect.stringMatching(
            /^SEV3 Invoices look wrong: severity, assignee(, watchers)? changed$/,
          ),
          description: expect.stringContaining('tenant acme'),
          link: incidentPath(own.body.id),
          severity: 'normal',
        },
      });
      expect(
        aboutOwn.filter(
          n => n.payload.topic === INCIDENT_NOTIFICATION_TOPICS.assigned,
        ),
      ).toEqual([]);
      expect(
        (await h.as('sam').get('/incidents?assignee=me')).body.items.map(
          (i: { id: string }) => i.id,
        ),
      ).toEqual([own.body.id]);
      // Handed to Oscar: he hears of it as his.
      await h
        .as('sam')
        .patch(`/incidents/${own.body.id}`, { assignee: 'user:default/oscar' });
      expect(h.notifications).toContainEqual({
        recipients: {
          type: 'entity',
          entityRef: ['user:default/oscar'],
          excludeEntityRef: 'user:default/sam',
        },
        payload: expect.objectContaining({
          topic: 'incident-assigned',
          title: 'SEV3 Invoices look wrong: assigned to you',
          link: `/incidents/${own.body.id}`,
        }),
      });
      expect(h.auditEvents().map(e => e.eventId)).toEqual(
        expect.arrayContaining([
          'incident-open',
          'incident-comment',
          'incident-update',
        ]),
      );
    });

    it('opens one automatic ticket per signal key, also for signals at the same moment, and a new one after it closed', async () => {
      const budget = {
        type: 'budget.threshold-crossed',
        tenant: 'acme',
        period: `2026-${databaseId === 'SQLITE_3' ? '01' : '02'}`,
        threshold: 80,
        spent: 80,
        monthlyAmount: 100,
        currency: 'USD',
        overCap: false,
      };
      // The billing plugin's event, and the same one again.
      await h.events.publish({
        topic: 'controlplane.billing',
        eventPayload: budget,
      });
      await h.events.publish({
        topic: 'controlplane.billing',
        eventPayload: budget,
      });
      const key = `billing:budget:acme:${budget.period}`;
      await eventually(async () => {
        const rows = await h.knex('incidents').where({ signal_key: key });
        expect(rows.map(r => Number(r.signal_count))).toEqual([2]);
      });
      // Signals from services, several at the same moment.
      const signal = {
        key: `health:check-db:${databaseId}`,
        title: 'Database check failing',
        severity: 'SEV2',
        category: 'reliability',
      };
      const answers = await Promise.all(
        [1, 2, 3, 4].map(() => asService('/signals', signal)),
      );
      expect(answers.map(a => a.status)).toEqual([200, 200, 200, 200]);
      expect(answers.filter(a => a.body.created)).toHaveLength(1);
      const [ticket] = await h
        .knex('incidents')
        .where({ signal_key: signal.key });
      expect(Number(ticket.signal_count)).toBe(4);
      expect((await h.as('oscar').post('/signals', signal)).status).toBe(403);

      // Resolved: the next signal reopens it; closed: the next opens another.
      await h.as('oscar').post(`/incidents/${ticket.id}/transition`, {
        action: 'resolve',
        note: 'restarted',
      });
      const again = await asService('/signals', signal);
      expect(again.body).toMatchObject({
        created: false,
        incident: { id: ticket.id, status: 'open' },
      });
      await h.as('oscar').post(`/incidents/${ticket.id}/transition`, {
        action: 'resolve',
        note: 'fixed',
      });
      await h
        .as('oscar')
        .post(`/incidents/${ticket.id}/transition`, { action: 'close' });
      const fresh = await asService('/signals', signal);
      expect(fresh.body.created).toBe(true);
      expect(fresh.body.incident.id).not.toBe(ticket.id);
      // Promotions' drift opens a reliability ticket on the deployment.
      await h.events.publish({
        topic: 'controlplane.promotions',
        eventPayload: {
          type: 'deployment.drifted',
          deploymentId: 'd1',
          entityRef: `deployment:default/support-triage-acme-prod-${databaseId.toLowerCase()}`,
          target: 'agent:default/support-triage',
          tenant: 'acme',
          environment: 'production',
          version: '1.4.1',
          drift: 'drifted',
          reportedVersion: '1.3.9',
        },
      });
      await eventually(async () => {
        const drift = (
          await h
            .as('oscar')
            .get(
              `/incidents?source=automatic&category=reliability&entity=${encodeURIComponent(
                'agent:default/support-triage',
              )}`,
            )
        ).body.items;
        expect(drift).toBeDefined();
        expect(drift.map((i: { title: string }) => i.title)).toContainEqual(
          expect.stringMatching(/runs 1\.3\.9 instead of 1\.4\.1$/),
        );
      });
    });

    it("opens tickets from the apps' credential alarms (one per credential, whichever instance raised it) and from a broken audit chain, visible only in the tenant's reach", async () => {
      const credentialId = `cred-${databaseId}`;
      const alarm = (tenants: string[], failed: number) => ({
        type: 'credential.failing',
        appId: 'a1',
        app: 'acme-sync',
        tenants,
        credentialId,
        credential: 'ci',
        hour: '2026-12-05T10:00:00.000Z',
        failed,
        rateLimited: 0,
        threshold: 50,
      });
      // Two apps-backend instances raise the alarm of the same credential.
      await Promise.all([
        h.events.publish({
          topic: 'controlplane.apps',
          eventPayload: alarm(['acme'], 55),
        }),
        h.events.publish({
          topic: 'controlplane.apps',
          eventPayload: alarm(['acme'], 61),
        }),
      ]);
      // App lifecycle events on the same topic open nothing.
      await h.events.publish({
        topic: 'controlplane.apps',
        eventPayload: { type: 'app.updated', appId: 'a1', app: 'acme-sync' },
      });
      await eventually(async () => {
        const rows = await h
          .knex('incidents')
          .where({ signal_key: `apps:failing:${credentialId}` });
        expect(rows.map(r => Number(r.signal_count))).toEqual([2]);
      });
      const [ticket] = await h
        .knex('incidents')
        .where({ signal_key: `apps:failing:${credentialId}` });
      const seen = await h.as('tina').get(`/incidents/${ticket.id}`);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({
        title: 'Credential ci of acme-sync keeps failing',
        category: 'integrations',
        severity: 'SEV3',
        tenant: 'acme',
        source: 'automatic',
      });
      expect(seen.body.entities).toEqual(['app:default/acme-sync']);

      // A credential of an app serving several tenants is the platform's.
      await h.events.publish({
        topic: 'controlplane.apps',
        eventPayload: {
          ...alarm(['acme', 'globex'], 0),
          type: 'credential.rate-limited',
          rateLimited: 140,
          threshold: 100,
        },
      });
      await h.events.publish({
        topic: 'controlplane.audit',
        eventPayload: {
          type: 'audit.chain-broken',
          verifiedAt: '2026-12-05T10:00:00.000Z',
          firstBroken: { seq: 42, id: 'x', reason: 'content-altered' },
          openBrokenRanges: 1,
          invalidCheckpoints: 0,
          invalidAcknowledgements: 0,
          anchorStatus: 'genesis',
          head: { seq: 50, hash: 'h' },
        },
      });
      // platform-health's check of a failing scheduled task, twice.
      for (let i = 0; i < 2; i++) {
        await h.events.publish({
          topic: 'controlplane.platform-health',
          eventPayload: {
            type: 'platform.check-failed',
            key: `task:billing:close-${databaseId}`,
            plugin: 'billing',
            title: 'Scheduled task close of billing failed',
            detail: 'Error: connection refused',
            checkedAt: '2026-12-05T10:00:00.000Z',
          },
        });
      }
      await eventually(async () => {
        const checks = await h
          .knex('incidents')
          .where({ signal_key: `platform:task:billing:close-${databaseId}` });
        expect(checks.map(r => [r.category, Number(r.signal_count)])).toEqual([
          ['reliability', 2],
        ]);
      });

      let platform: any[] = [];
      await eventually(async () => {
        platform = await h
          .knex('incidents')
          .whereIn('signal_key', [
            `apps:rate-limited:${credentialId}`,
            'audit:chain-broken',
          ])
          .orderBy('signal_key');
        expect(platform).toHaveLength(2);
      });
      expect(
        platform.map(row => [row.signal_key, row.tenant, row.category]),
      ).toEqual([
        [`apps:rate-limited:${credentialId}`, null, 'integrations'],
        ['audit:chain-broken', null, 'governance'],
      ]);
      expect(platform[1].description).toContain(
        'First broken record: 42 (content-altered)',
      );
      for (const row of platform) {
        expect((await h.as('tina').get(`/incidents/${row.id}`)).status).toBe(
          404,
        );
        expect((await h.as('sam').get(`/incidents/${row.id}`)).status).toBe(
          200,
        );
      }
    });

    it('shows the related changes of the audit trail in the timeline', async () => {
      const { body: incident } = await h.open('oscar', {
        affectedTenants: ['globex'],
      });
      const before = new Date(
        Date.parse(incident.openedAt) - 3_600_000,
      ).toISOString();
      const change = (
        action: string,
        actorId: string,
        fields: Partial<AuditSeed> = {},
      ): AuditSeed => ({
        timestamp: before,
        actorId,
        actorType: 'user',
        action,
        outcome: 'success',
        severity: 'medium',
        metadata: {},
        ...fields,
      });
      for (const event of [
        change('promotions.request-approve', 'user:default/april', {
          resourceType: 'promotion-request',
          resourceId: 'p1',
          tenant: 'acme',
        }),
        change('flags.flag-kill', 'user:default/oscar', {
          resourceType: 'flag',
          resourceId: `checkout-${databaseId}`,
        }),
        // Another agent's promotion in no affected tenant: not related.
        change('promotions.request-create', 'user:default/devon', {
          resourceType: 'promotion-request',
          resourceId: 'p2',
          metadata: { target: 'agent:default/other' },
        }),
        change('tenants.tenant-plan-change', 'user:default/ada', {
          tenant: 'globex',
        }),
        // A refused change is no change.
        change('tenants.tenant-suspend', 'user:default/nobody', {
          tenant: 'globex',
          outcome: 'failure',
        }),
        // Long before the window.
        change('flags.flag-update', 'user:default/oscar', {
          timestamp: new Date(
            Date.parse(incident.openedAt) - 48 * 3_600_000,
          ).toISOString(),
        }),
      ]) {
        await h.recordAudit(event);
      }
      const { body } = await h
        .as('oscar')
        .get(`/incidents/${incident.id}/timeline`);
      expect(body.relatedAvailable).toBe(true);
      const related = body.items
        .filter((e: { related: boolean }) => e.related)
        .map((e: { kind: string }) => e.kind);
      // acme's promotion, the global flag kill and globex's plan change;
      // not the promotion of another agent in no affected tenant, not a
      // refused change, not one from two days before.
      expect(related.sort()).toEqual([
        'flags.flag-kill',
        'promotions.request-approve',
        'tenants.tenant-plan-change',
      ]);
      expect(body.items[body.items.length - 1].kind).toBe('created');
      const kill = body.items.find(
        (e: { kind: string }) => e.kind === 'flags.flag-kill',
      );
      expect(kill).toMatchObject({
        actor: 'user:default/oscar',
        related: true,
        resource: `flag checkout-${databaseId}`,
      });
    });

    it('schedules maintenance that blocks operations, with overrides approved by a second person', async () => {
      const now = Date.now();
      const body = {
        title: 'Database upgrade',
        environment: 'production',
        operations: ['deploy', 'migration'],
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
      };
      expect((await h.as('sam').post('/maintenance', body)).status).toBe(403);
      expect(
        (
          await h
            .as('oscar')
            .post('/maintenance', { ...body, endsAt: body.startsAt })
        ).status,
      ).toBe(400);
      expect(
        (await h.as('oscar').post('/maintenance', { ...body, operations: [] }))
          .status,
      ).toBe(400);
      const window = await h.as('oscar').post('/maintenance', body);
      expect(window.status).toBe(201);
      expect(window.body).toMatchObject({ active: true, tenant: null });
      const blocked = () =>
        h
          .as('tina')
          .get(
            '/maintenance/blocked?operation=deploy&environment=production&tenant=acme',
          );
      expect((await blocked()).body).toMatchObject({
        blocked: true,
        windows: [expect.objectContaining({ id: window.body.id })],
      });
      expect(
        (
          await h
            .as('tina')
            .get('/maintenance/blocked?operation=backup&environment=production')
        ).body.blocked,
      ).toBe(false);
      expect(
        (
          await h
            .as('tina')
            .get('/maintenance/blocked?operation=deploy&environment=staging')
        ).body.blocked,
      ).toBe(false);

      const asked = await h
        .as('oscar')
        .post(`/maintenance/${window.body.id}/overrides`, {
          operation: 'deploy',
          reason: 'Security fix',
        });
      expect(asked.status).toBe(201);
      expect(
        (
          await h.as('oscar').post(`/maintenance/${window.body.id}/overrides`, {
            operation: 'deploy',
            reason: 'again',
          })
        ).status,
      ).toBe(409);
      expect(
        (
          await h.as('oscar').post(`/maintenance/${window.body.id}/overrides`, {
            operation: 'backup',
            reason: 'x',
          })
        ).status,
      ).toBe(400);
      const overrideId = asked.body.overrides[0].id;
      expect(
        (
          await h
            .as('oscar')
            .post(
              `/maintenance/${window.body.id}/overrides/${overrideId}/approve`,
              {},
            )
        ).status,
      ).toBe(403);
      expect((await blocked()).body.blocked).toBe(true);
      expect(
        (
          await h
            .as('ada')
            .post(
              `/maintenance/${window.body.id}/overrides/${overrideId}/approve`,
              {},
            )
        ).status,
      ).toBe(200);
      expect((await blocked()).body.blocked).toBe(false);
      // Migrations stay blocked; cancelling ends it.
      expect(
        (
          await h
            .as('tina')
            .get(
              '/maintenance/blocked?operation=migration&environment=production',
            )
        ).body.blocked,
      ).toBe(true);
      expect(
        (await h.as('oscar').post(`/maintenance/${window.body.id}/cancel`, {}))
          .body.cancelledBy,
      ).toBe('user:default/oscar');
      expect(
        (await h.as('oscar').post(`/maintenance/${window.body.id}/cancel`, {}))
          .status,
      ).toBe(409);
      expect(
        (
          await h
            .as('tina')
            .get(
              '/maintenance/blocked?operation=migration&environment=production',
            )
        ).body.blocked,
      ).toBe(false);
      expect(h.auditEvents().map(e => e.eventId)).toEqual(
        expect.arrayContaining([
          'maintenance-schedule',
          'maintenance-override-request',
          'maintenance-override-approve',
          'maintenance-cancel',
        ]),
      );
      // A window of one tenant is announced to that tenant's owners.
      const later = await h.as('oscar').post('/maintenance', {
        ...body,
        tenant: 'acme',
        startsAt: new Date(now + 86_400_000).toISOString(),
        endsAt: new Date(now + 90_000_000).toISOString(),
      });
      expect(later.status).toBe(201);
      expect(h.notifications).toContainEqual({
        recipients: {
          type: 'entity',
          entityRef: ['group:default/acme-owners'],
        },
        payload: {
          topic: INCIDENT_NOTIFICATION_TOPICS.maintenance,
          title: 'Maintenance: Database upgrade',
          description: expect.stringMatching(
            /^production, .* blocks deploy, migration\.$/,
          ),
          link: '/incidents/maintenance',
          severity: 'normal',
        },
      });
      await h.as('oscar').post(`/maintenance/${later.body.id}/cancel`, {});
    });

    it('counts open incidents by severity for dashboards', async () => {
      const summary = (await h.as('oscar').get('/incidents/summary')).body;
      const open = await h
        .knex('incidents')
        .whereIn('status', ['open', 'in_progress']);
      expect(summary.open).toBe(open.length);
      expect(summary.bySeverity.SEV2).toBe(
        open.filter(i => i.severity === 'SEV2').length,
      );
      expect((await h.as('tina').get('/incidents/summary')).body.open).toBe(
        open.filter(i => i.tenant === 'acme').length,
      );

      // The platform dashboard's summary: per tenant and the queue, for
      // the platform-health plugin only.
      const asPlugin = (pluginId: string) =>
        request(h.backend.server)
          .get('/api/incidents/platform-summary')
          .set(
            'Authorization',
            mockCredentials.service.header({
              onBehalfOf: mockCredentials.service(`plugin:${pluginId}`),
              targetPluginId: 'incidents',
            }),
          );
      const platform = (await asPlugin('platform-health')).body;
      expect(platform.open).toBe(open.length);
      expect(platform.bySeverity).toEqual(summary.bySeverity);
      const acme = platform.byTenant.find(
        (t: { tenant: string | null }) => t.tenant === 'acme',
      );
      expect(acme.open).toBe(open.filter(i => i.tenant === 'acme').length);
      expect(
        platform.byTenant.reduce(
          (sum: number, t: { open: number }) => sum + t.open,
          0,
        ),
      ).toBe(open.length);
      expect(platform.queue).toHaveLength(Math.min(50, open.length));
      const severities = platform.queue.map(
        (i: { severity: string }) => i.severity,
      );
      expect(severities).toEqual([...severities].sort());
      expect((await asPlugin('catalog')).status).toBe(403);
      expect((await h.as('oscar').get('/platform-summary')).status).toBe(403);
    });
  });
});

import {
  createPortalTestDatabases,
  eventually,
} from '@controlplane/test-utils';
import {
  PROMOTION_NOTIFICATION_TOPICS,
  promotionRequestPath,
} from '@controlplane/plugin-promotions-common';
import {
  maintenance,
  PromotionsHarness,
  startPromotionsBackend,
} from '../__testUtils__/harness';

jest.setTimeout(60_000);

describe('promotion requests', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let h: PromotionsHarness;

    beforeAll(async () => {
      h = await startPromotionsBackend(databases, databaseId);
    });

    afterAll(async () => {
      await h.backend.stop();
    });

    /** Every open request is withdrawn, the production policy back to one approval. */
    afterEach(async () => {
      const open = await h.knex('promotion_requests').whereNotNull('open_key');
      for (const request of open) {
        await h.knex('promotion_requests').where({ id: request.id }).update({
          status: 'withdrawn',
          open_key: null,
        });
      }
      await h.as('ada').put('/policies/production', {
        approvalsRequired: 1,
        approverGroups: [],
      });
      await h
        .knex('promotion_freezes')
        .update({ lifted_at: new Date().toISOString() });
      await h.knex('promotion_rules').update({ active: false });
      // Back to the demo estate, so a failed test leaves nothing behind.
      await h
        .knex('promotion_deployments')
        .where({
          target: 'agent:default/support-triage',
          environment: 'production',
        })
        .update({ version: '1.4.1', previous_version: null });
    });

    it('refuses a version that does not run in the source environment, and a second open request', async () => {
      const wrong = await h.askProduction('devon', { version: '9.9.9' });
      expect(wrong.status).toBe(409);
      expect(wrong.body.error.message).toBe(
        'agent:default/support-triage 9.9.9 does not run in staging for acme (1.4.2 does)',
      );
      const nowhere = await h.askProduction('devon', { tenant: 'initech' });
      expect(nowhere.status).toBe(409);

      // Two at the same moment: the unique open key lets one through.
      const [a, b] = await Promise.all([
        h.askProduction('devon'),
        h.askProduction('dora'),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const conflict = a.status === 409 ? a : b;
      expect(conflict.body.error.message).toBe(
        'An open request exists for agent:default/support-triage in production for acme',
      );
      expect(
        await h.knex('promotion_requests').whereNotNull('open_key'),
      ).toHaveLength(1);

      const created = a.status === 201 ? a : b;
      expect(created.body).toMatchObject({
        kind: 'promotion',
        target: 'agent:default/support-triage',
        tenant: 'acme',
        sourceEnvironment: 'staging',
        targetEnvironment: 'production',
        version: '1.4.2',
        previousVersion: '1.4.1',
        status: 'requested',
        approvalsRequired: 1,
        approvals: 0,
        changes: [{ field: 'temperature', before: '0.7', after: '0.5' }],
      });
      // Nothing comes after production; the contract refuses it as a source.
      const last = await h.as('devon').post('/requests', {
        target: 'agent:support-triage',
        tenant: 'acme',
        sourceEnvironment: 'production',
        version: '1.4.1',
      });
      expect(last.status).toBe(400);
    });

    it('walks the state machine and answers every illegal transition with a 409', async () => {
      const { body: request } = await h.askProduction('devon');
      const approved = await h
        .as('april')
        .post(`/requests/${request.id}/approve`, {
          comment: 'QA signed off',
        });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: 'applied', approvals: 1 });
      expect(await h.runningVersion('acme', 'production')).toBe('1.4.2');

      // Applied is final.
      for (const [who, action, body] of [
        ['pat', 'approve', {}],
        ['pat', 'reject', { reason: 'late' }],
        ['devon', 'withdraw', {}],
      ] as const) {
        const res = await h
          .as(who)
          .post(`/requests/${request.id}/${action}`, body);
        expect(res.status).toBe(409);
        expect(res.body.error.message).toMatch(/a request that is applied$/);
      }

      const detail = await h.as('devon').get(`/requests/${request.id}`);
      expect(
        detail.body.decisions.map((d: { decision: string; actor: string }) => [
          d.decision,
          d.actor,
        ]),
      ).toEqual([
        ['approve', 'user:default/april'],
        ['apply', 'system'],
      ]);
      expect(detail.body.decisions[0].comment).toBe('QA signed off');
      expect(detail.body.allowed).toEqual({
        approve: false,
        reject: false,
        withdraw: false,
        addEvidence: false,
        override: false,
        approveOverride: false,
      });

      // Rejected and withdrawn are final too. (Back to 1.4.1 for the others.)
      await h
        .knex('promotion_deployments')
        .where({ tenant: 'acme', environment: 'production' })
        .update({ version: '1.4.1', previous_version: null });
      const { body: second } = await h.askProduction('devon');
      const rejected = await h.as('pat').post(`/requests/${second.id}/reject`, {
        reason: 'Regression in staging',
      });
      expect(rejected.body).toMatchObject({
        status: 'rejected',
        reason: 'Regression in staging',
      });
      expect(
        (await h.as('april').post(`/requests/${second.id}/approve`, {})).status,
      ).toBe(409);
      expect(
        (await h.as('devon').post(`/requests/${second.id}/withdraw`, {}))
          .status,
      ).toBe(409);
      expect(
        (
          await h
            .as('pat')
            .post(`/requests/${second.id}/reject`, { reason: 'again' })
        ).status,
      ).toBe(409);

      const { body: third } = await h.askProduction('devon');
      // Only the requester withdraws.
      expect(
        (await h.as('dora').post(`/requests/${third.id}/withdraw`, {})).status,
      ).toBe(403);
      const withdrawn = await h
        .as('devon')
        .post(`/requests/${third.id}/withdraw`, { reason: 'not yet' });
      expect(withdrawn.body.status).toBe('withdrawn');
      expect(
        (await h.as('april').post(`/requests/${third.id}/approve`, {})).status,
      ).toBe(409);
      // A reason is required to reject (the contract: non-blank).
      const { body: fourth } = await h.askProduction('devon');
      expect(
        (
          await h
            .as('pat')
            .post(`/requests/${fourth.id}/reject`, { reason: '   ' })
        ).status,
      ).toBe(400);
      expect(await h.runningVersion('acme', 'production')).toBe('1.4.1');
    });

    it('never lets anyone decide their own request, not even a platform admin', async () => {
      const { body: request } = await h.askProduction('ada');
      const own = await h.as('ada').post(`/requests/${request.id}/approve`, {});
      expect(own.status).toBe(403);
      expect(own.body.error.message).toBe(
        'Nobody may decide their own request',
      );
      expect(
        (
          await h
            .as('ada')
            .post(`/requests/${request.id}/reject`, { reason: 'x' })
        ).status,
      ).toBe(403);
      // Her inbox does not offer it; April's does.
      const adaInbox = await h.as('ada').get('/requests?decidable=true');
      expect(
        adaInbox.body.items.map((r: { id: string }) => r.id),
      ).not.toContain(request.id);
      const aprilInbox = await h.as('april').get('/requests?decidable=true');
      expect(aprilInbox.body.items.map((r: { id: string }) => r.id)).toContain(
        request.id,
      );
      // Developers may not approve at all; their inbox is empty.
      expect(
        (await h.as('dora').post(`/requests/${request.id}/approve`, {})).status,
      ).toBe(403);
      expect(
        (await h.as('dora').get('/requests?decidable=true')).body.items,
      ).toEqual([]);
      expect((await h.as('nobody').get('/requests')).status).toBe(403);
      expect(await h.runningVersion('acme', 'production')).toBe('1.4.1');
    });

    it('counts a quorum of different people and keeps the policy a request was made under', async () => {
      await h.as('ada').put('/policies/production', {
        approvalsRequired: 2,
        approverGroups: [
          'user:default/april',
          'user:default/pat',
          'group:default/release',
        ],
      });
      const { body: request } = await h.askProduction('devon');
      expect(request).toMatchObject({ approvalsRequired: 2 });
      // A later policy change does not move it.
      await h.as('ada').put('/policies/production', {
        approvalsRequired: 3,
        approverGroups: [],
      });

      // Ada holds the permission but is not in the approver groups.
      const outsider = await h
        .as('ada')
        .post(`/requests/${request.id}/approve`, {});
      expect(outsider.status).toBe(403);
      expect(outsider.body.error.message).toMatch(
        /^Only members of user:default\/april/,
      );

      const first = await h
        .as('april')
        .post(`/requests/${request.id}/approve`, {});
      expect(first.body).toMatchObject({ status: 'requested', approvals: 1 });
      const again = await h
        .as('april')
        .post(`/requests/${request.id}/approve`, {});
      expect(again.status).toBe(409);
      expect(again.body.error.message).toBe(
        'You approved this request already',
      );
      // April's inbox no longer offers it; Pat's does.
      expect(
        (await h.as('april').get('/requests?decidable=true')).body.items,
      ).toEqual([]);
      expect(
        (await h.as('pat').get('/requests?decidable=true')).body.items,
      ).toHaveLength(1);
      expect(await h.runningVersion('acme', 'production')).toBe('1.4.1');

      const second = await h
        .as('pat')
        .post(`/requests/${request.id}/approve`, {});
      expect(second.body).toMatchObject({ status: 'applied', approvals: 2 });
      expect(await h.runningVersion('acme', 'production')).toBe('1.4.2');
      await h
        .knex('promotion_deployments')
        .where({ tenant: 'acme', environment: 'production' })
        .update({ version: '1.4.1', previous_version: null });
    });

    it('gives one consistent outcome when two approvers decide at the same moment', async () => {
      for (let round = 0; round < 3; round++) {
        const { body: request } = await h.askProduction('devon');
        const answers = await Promise.all([
          h.as('april').post(`/requests/${request.id}/approve`, {}),
          h.as('pat').post(`/requests/${request.id}/reject`, { reason: 'no' }),
        ]);
        const statuses = answers.map(a => a.status).sort();
        expect(statuses).toEqual([200, 409]);
        const winner = answers.find(a => a.status === 200)!;
        const stored = (await h.as('devon').get(`/requests/${request.id}`))
          .body;
        expect(stored.status).toBe(winner.body.status);
        const decisions = stored.decisions.map(
          (d: { decision: string }) => d.decision,
        );
        expect(decisions).toEqual(
          stored.status === 'applied' ? ['approve', 'apply'] : ['reject'],
        );
        expect(await h.runningVersion('acme', 'production')).toBe(
          stored.status === 'applied' ? '1.4.2' : '1.4.1',
        );
        await h
          .knex('promotion_deployments')
          .where({ tenant: 'acme', environment: 'production' })
          .update({ version: '1.4.1', previous_version: null });
      }
      // Two approvals at once with a quorum of one: one applies it.
      const { body: request } = await h.askProduction('devon');
      const both = await Promise.all([
        h.as('april').post(`/requests/${request.id}/approve`, {}),
        h.as('pat').post(`/requests/${request.id}/approve`, {}),
      ]);
      expect(both.map(a => a.status).sort()).toEqual([200, 409]);
      const applies = await h
        .knex('promotion_decisions')
        .where({ request_id: request.id, decision: 'apply' });
      expect(applies).toHaveLength(1);
      await h
        .knex('promotion_deployments')
        .where({ tenant: 'acme', environment: 'production' })
        .update({ version: '1.4.1', previous_version: null });
    });

    it('auto-approves only when every condition of an active rule holds', async () => {
      const rule = await h.as('ada').post('/rules', {
        name: 'Auto-promote to production',
        sourceEnvironment: 'staging',
        targetEnvironment: 'production',
        conditions: {
          allTestsPassed: true,
          minCodeCoverage: 80,
          noCriticalVulnerabilities: true,
        },
        autoApprove: true,
        notify: ['group:default/release'],
      });
      expect(rule.status).toBe(201);
      // Not a rule: an auto-approve rule without conditions, or skipping an environment.
      expect(
        (
          await h.as('ada').post('/rules', {
            name: 'x',
            sourceEnvironment: 'staging',
            targetEnvironment: 'production',
            conditions: {},
            autoApprove: true,
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await h.as('ada').post('/rules', {
            name: 'x',
            sourceEnvironment: 'development',
            targetEnvironment: 'production',
            conditions: { allTestsPassed: true },
            autoApprove: true,
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await h.as('devon').post('/rules', {
            name: 'x',
            sourceEnvironment: 'staging',
            targetEnvironment: 'production',
            conditions: { allTestsPassed: true },
            autoApprove: true,
          })
        ).status,
      ).toBe(403);

      // Missing evidence, then coverage just under the bar: no.
      const { body: request } = await h.askProduction('devon');
      expect(request.status).toBe('requested');
      const partial = await h
        .as('devon')
        .post(`/requests/${request.id}/evidence`, {
          testsPassed: true,
          coverage: 79.9,
          criticalVulnerabilities: 0,
        });
      expect(partial.body.status).toBe('requested');
      // Somebody else's request takes no evidence from dora.
      expect(
        (
          await h
            .as('dora')
            .post(`/requests/${request.id}/evidence`, { coverage: 90 })
        ).status,
      ).toBe(403);
      // Exactly 80 %: every condition holds, the system approves and applies.
      const met = await h
        .as('devon')
        .post(`/requests/${request.id}/evidence`, { coverage: 80 });
      expect(met.body).toMatchObject({
        status: 'applied',
        autoApprovedBy: rule.body.id,
        evidence: {
          testsPassed: true,
          coverage: 80,
          criticalVulnerabilities: 0,
          updatedBy: 'user:default/devon',
        },
      });
      const decisions = (await h.as('devon').get(`/requests/${request.id}`))
        .body.decisions;
      expect(decisions[0]).toMatchObject({
        decision: 'auto-approve',
        actor: 'system',
        ruleId: rule.body.id,
      });
      // The rule's notify list hears of the promotion.
      await eventually(async () =>
        expect(h.notifications).toContainEqual({
          recipients: { type: 'entity', entityRef: ['group:default/release'] },
          payload: expect.objectContaining({
            topic: PROMOTION_NOTIFICATION_TOPICS.applied,
            link: `/promotions/requests/${request.id}`,
          }),
        }),
      );
      await h
        .knex('promotion_deployments')
        .where({ tenant: 'acme', environment: 'production' })
        .update({ version: '1.4.1', previous_version: null });

      // An inactive rule approves nothing, even with all the evidence.
      await h.as('ada').put(`/rules/${rule.body.id}`, {
        ...rule.body,
        id: undefined,
        createdAt: undefined,
        createdBy: undefined,
        updatedAt: undefined,
        active: false,
      });
      const inactive = await h.askProduction('devon', {
        evidence: {
          testsPassed: true,
          coverage: 95,
          criticalVulnerabilities: 0,
        },
      });
      expect(inactive.body.status).toBe('requested');
      // One critical vulnerability fails the rule (active again).
      await h.as('ada').put(`/rules/${rule.body.id}`, {
        name: rule.body.name,
        sourceEnvironment: 'staging',
        targetEnvironment: 'production',
        conditions: rule.body.conditions,
        autoApprove: true,
        active: true,
      });
      const vulnerable = await h
        .as('devon')
        .post(`/requests/${inactive.body.id}/evidence`, {
          criticalVulnerabilities: 1,
        });
      expect(vulnerable.body.status).toBe('requested');
    });

    it('holds an approved request during a freeze, applies it after an override approved by a second person or when the freeze lifts', async () => {
      const now = Date.now();
      const freeze = await h.as('oscar').post('/freezes', {
        environment: 'production',
        reason: 'Quarterly database maintenance',
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
      });
      expect(freeze.status).toBe(201);
      expect(freeze.body).toMatchObject({
        active: true,
        source: 'maintenance',
        tenant: null,
        target: null,
      });
      expect(
        (
          await h.as('devon').post('/freezes', {
            environment: 'production',
            reason: 'x',
            startsAt: new Date(now).toISOString(),
            endsAt: new Date(now + 1000).toISOString(),
          })
        ).status,
      ).toBe(403);
      // Windows that end before they start, or last years, are refused.
      expect(
        (
          await h.as('oscar').post('/freezes', {
            environment: 'production',
            reason: 'x',
            startsAt: new Date(now).toISOString(),
            endsAt: new Date(now - 1000).toISOString(),
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await h.as('oscar').post('/freezes', {
            environment: 'production',
            reason: 'x',
            startsAt: new Date(now).toISOString(),
            endsAt: new Date(now + 400 * 86_400_000).toISOString(),
          })
        ).status,
      ).toBe(400);

      const { body: request } = await h.askProduction('devon');
      const approved = await h
        .as('april')
        .post(`/requests/${request.id}/approve`, {});
      expect(approved.body.status).toBe('approved');
      expect(await h.runningVersion('acme', 'production')).toBe('1.4.1');
      const held = (await h.as('oscar').get(`/requests/${request.id}`)).body;
      expect(held.freezes.map((f: { id: string }) => f.id)).toEqual([
        freeze.body.id,
      ]);
      expect(held.allowed.override).toBe(true);
      // The housekeeping leaves it held.
      await h.housekeeping();
      expect(await h.runningVersion('acme', 'production')).toBe('1.4.1');

      // An override needs a reason, the permission and a second person.
      expect(
        (
          await h
            .as('devon')
            .post(`/requests/${request.id}/override`, { reason: 'hotfix' })
        ).status,
      ).toBe(403);
      expect(
        (
          await h
            .as('oscar')
            .post(`/requests/${request.id}/override`, { reason: '' })
        ).status,
      ).toBe(400);
      const asked = await h
        .as('oscar')
        .post(`/requests/${request.id}/override`, {
          reason: 'Security hotfix',
        });
      expect(asked.body.override).toMatchObject({
        requestedBy: 'user:default/oscar',
        reason: 'Security hotfix',
      });
      expect(asked.body.status).toBe('approved');
      const self = await h
        .as('oscar')
        .post(`/requests/${request.id}/override/approve`, {});
      expect(self.status).toBe(403);
      const second = await h
        .as('april')
        .post(`/requests/${request.id}/override/approve`, { comment: 'ok' });
      expect(second.body).toMatchObject({
        status: 'applied',
        override: { approvedBy: 'user:default/april' },
      });
      expect(await h.runningVersion('acme', 'production')).toBe('1.4.2');
      await h
        .knex('promotion_deployments')
        .where({ tenant: 'acme', environment: 'production' })
        .update({ version: '1.4.1', previous_version: null });

      // Held again; lifting the freeze applies it.
      const { body: next } = await h.askProduction('devon');
      expect(
        (await h.as('pat').post(`/requests/${next.id}/approve`, {})).body
          .status,
      ).toBe('approved');
      const lifted = await h
        .as('oscar')
        .post(`/freezes/${freeze.body.id}/lift`, {});
      expect(lifted.body.active).toBe(false);
      expect(
        (await h.as('oscar').post(`/freezes/${freeze.body.id}/lift`, {}))
          .status,
      ).toBe(409);
      expect(
        (await h.as('devon').get(`/requests/${next.id}`)).body.status,
      ).toBe('applied');
      expect(await h.runningVersion('acme', 'production')).toBe('1.4.2');
      await h
        .knex('promotion_deployments')
        .where({ tenant: 'acme', environment: 'production' })
        .update({ version: '1.4.1', previous_version: null });
    });

    it("holds a request during the incidents plugin's maintenance window that blocks deploys", async () => {
      const window = {
        id: '7d1c3e5e-0c1a-4a57-9d1e-6c2f8b1d0a11',
        title: 'Database upgrade',
        environment: 'production',
        tenant: null,
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        createdBy: 'user:default/oscar',
        createdAt: new Date().toISOString(),
      };
      Object.assign(maintenance, {
        status: 200,
        blocked: true,
        windows: [window],
        asked: [],
      });
      try {
        const { body: request } = await h.askProduction('devon');
        expect(
          (await h.as('april').post(`/requests/${request.id}/approve`, {})).body
            .status,
        ).toBe('approved');
        const held = (await h.as('devon').get(`/requests/${request.id}`)).body;
        expect(held.freezes).toEqual([
          expect.objectContaining({
            id: window.id,
            source: 'maintenance',
            reason: 'Maintenance: Database upgrade',
          }),
        ]);
        expect(maintenance.asked[0].get('operation')).toBe('deploy');
        expect(maintenance.asked[0].get('environment')).toBe('production');
        expect(maintenance.asked[0].get('tenant')).toBe('acme');
        expect(await h.runningVersion('acme', 'production')).toBe('1.4.1');
        // The window ends (or an override there is approved): applied.
        Object.assign(maintenance, { blocked: false, windows: [] });
        await h.housekeeping();
        expect(
          (await h.as('devon').get(`/requests/${request.id}`)).body.status,
        ).toBe('applied');
        await h
          .knex('promotion_deployments')
          .where({ tenant: 'acme', environment: 'production' })
          .update({ version: '1.4.1', previous_version: null });
        // An incidents plugin that fails blocks nothing (its own freezes still do).
        Object.assign(maintenance, {
          status: 500,
          blocked: true,
          windows: [window],
        });
        const { body: next } = await h.askProduction('devon');
        expect(
          (await h.as('april').post(`/requests/${next.id}/approve`, {})).body
            .status,
        ).toBe('applied');
        await h
          .knex('promotion_deployments')
          .where({ tenant: 'acme', environment: 'production' })
          .update({ version: '1.4.1', previous_version: null });
      } finally {
        Object.assign(maintenance, {
          status: 200,
          blocked: false,
          windows: [],
        });
      }
    });

    it('freezes production for an agent while a SEV1 or SEV2 incident of it is open', async () => {
      await h.events.publish({
        topic: 'controlplane.incidents',
        eventPayload: {
          type: 'incident.opened',
          incident: {
            id: 'inc-1',
            severity: 'SEV2',
            status: 'open',
            title: 'Timeouts',
            entities: ['agent:default/support-triage', 'tenant:default/acme'],
          },
        },
      });
      await eventually(async () => {
        const freezes = (await h.as('devon').get('/freezes')).body.items;
        expect(freezes).toEqual([
          expect.objectContaining({
            source: 'incident',
            incidentId: 'inc-1',
            target: 'agent:default/support-triage',
            environment: 'production',
            active: true,
          }),
        ]);
      });
      // The same event again (another instance, a retry): still one freeze.
      await h.events.publish({
        topic: 'controlplane.incidents',
        eventPayload: {
          type: 'incident.updated',
          incident: {
            id: 'inc-1',
            severity: 'SEV1',
            status: 'in_progress',
            entities: ['agent:default/support-triage'],
          },
        },
      });
      const { body: request } = await h.askProduction('devon');
      expect(
        (await h.as('april').post(`/requests/${request.id}/approve`, {})).body
          .status,
      ).toBe('approved');
      // Resolved: the freeze lifts and the held request applies.
      await h.events.publish({
        topic: 'controlplane.incidents',
        eventPayload: {
          type: 'incident.resolved',
          incident: { id: 'inc-1', severity: 'SEV1', status: 'resolved' },
        },
      });
      await eventually(async () =>
        expect(
          (
            await h.as('devon').get(`/requests/${request.id}`)
          ).body.status,
        ).toBe('applied'),
      );
      expect((await h.as('devon').get('/freezes')).body.items).toEqual([]);
      expect(
        await h.knex('promotion_freezes').where({ source: 'incident' }),
      ).toHaveLength(1);
      await h
        .knex('promotion_deployments')
        .where({ tenant: 'acme', environment: 'production' })
        .update({ version: '1.4.1', previous_version: null });
    });

    it('rolls back to the previous version under the same policy', async () => {
      const { body: request } = await h.askProduction('devon');
      await h.as('april').post(`/requests/${request.id}/approve`, {});
      const deployment = (
        await h
          .as('devon')
          .get('/deployments?tenant=acme&environment=production')
      ).body.items[0];
      expect(deployment).toMatchObject({
        version: '1.4.2',
        previousVersion: '1.4.1',
        appliedRequestId: request.id,
      });

      expect(
        (
          await h
            .as('april')
            .post(`/deployments/${deployment.id}/rollback`, { reason: 'x' })
        ).status,
      ).toBe(403);
      const rollback = await h
        .as('devon')
        .post(`/deployments/${deployment.id}/rollback`, {
          reason: 'Error rate doubled',
        });
      expect(rollback.status).toBe(201);
      expect(rollback.body).toMatchObject({
        kind: 'rollback',
        sourceEnvironment: 'production',
        targetEnvironment: 'production',
        version: '1.4.1',
        previousVersion: '1.4.2',
        status: 'requested',
        reason: 'Error rate doubled',
      });
      expect(
        (await h.as('devon').post(`/requests/${rollback.body.id}/approve`, {}))
          .status,
      ).toBe(403);
      const done = await h
        .as('pat')
        .post(`/requests/${rollback.body.id}/approve`, {});
      expect(done.body.status).toBe('applied');
      expect(await h.runningVersion('acme', 'production')).toBe('1.4.1');
      // A deployment never promoted has nothing to roll back to.
      const fresh = (
        await h
          .as('devon')
          .get('/deployments?tenant=globex&environment=production')
      ).body.items[0];
      expect(
        (
          await h
            .as('devon')
            .post(`/deployments/${fresh.id}/rollback`, { reason: 'x' })
        ).status,
      ).toBe(409);
    });

    it('keeps tenant-scoped members to their tenants', async () => {
      const globex = await h.as('devon').post('/requests', {
        target: 'agent:support-triage',
        tenant: 'globex',
        sourceEnvironment: 'staging',
        version: '1.4.2',
      });
      expect(globex.status).toBe(201);
      // Dana (developer in acme only) neither sees nor asks in globex.
      expect(
        (await h.as('dana').get(`/requests/${globex.body.id}`)).status,
      ).toBe(404);
      const danaList = (await h.as('dana').get('/requests')).body.items;
      expect(
        danaList.every((r: { tenant: string }) => r.tenant === 'acme'),
      ).toBe(true);
      expect(
        (await h.as('dana').get('/deployments')).body.items.every(
          (d: { tenant: string }) => d.tenant === 'acme',
        ),
      ).toBe(true);
      const refused = await h.as('dana').post('/requests', {
        target: 'app:billing-sync',
        tenant: 'globex',
        sourceEnvironment: 'staging',
        version: '2.0.0',
      });
      expect([403, 409]).toContain(refused.status);
      const own = await h.as('dana').post('/requests', {
        target: 'app:billing-sync',
        tenant: 'acme',
        sourceEnvironment: 'staging',
        version: '2.0.0',
      });
      expect(own.status).toBe(201);
      expect(own.body.previousVersion).toBeNull();
    });

    it('takes requests and evidence from CI with promotions:write, for the tenants the app serves', async () => {
      const token = await h.appToken(
        `ci-${databaseId.toLowerCase().replace(/_/g, '-')}`,
        ['acme'],
        ['promotions:write'],
      );
      const asked = await h.asApp(token).post('/requests', {
        target: 'agent:support-triage',
        tenant: 'acme',
        sourceEnvironment: 'staging',
        version: '1.4.2',
      });
      expect(asked.status).toBe(201);
      expect(asked.body.requestedBy).toMatch(/^app:ci-/);
      const evidence = await h
        .asApp(token)
        .post(`/requests/${asked.body.id}/evidence`, { testsPassed: true });
      expect(evidence.status).toBe(200);
      expect(evidence.body.evidence.testsPassed).toBe(true);
      const other = await h.asApp(token).post('/requests', {
        target: 'agent:support-triage',
        tenant: 'globex',
        sourceEnvironment: 'staging',
        version: '1.4.2',
      });
      expect(other.status).toBe(403);
      // The app reads nothing: reads are for users.
      expect((await h.asApp(token).get('/requests')).status).toBe(401);
      // Its request is decided like any other, and audited with the app as actor.
      const decided = await h
        .as('april')
        .post(`/requests/${asked.body.id}/approve`, {});
      expect(decided.body.status).toBe('applied');
      await h
        .knex('promotion_deployments')
        .where({ tenant: 'acme', environment: 'production' })
        .update({ version: '1.4.1', previous_version: null });
    });

    it('notifies the approvers of a waiting request and the requester of the decision, and audits every change', async () => {
      const before = h.notifications.length;
      const auditBefore = h.auditEvents().length;
      const { body: request } = await h.askProduction('devon');
      await eventually(async () =>
        expect(h.notifications.slice(before)).toContainEqual({
          // The approvers, but not the requester should they be one.
          recipients: {
            type: 'entity',
            entityRef: ['group:default/approvers'],
            excludeEntityRef: 'user:default/devon',
          },
          payload: {
            topic: PROMOTION_NOTIFICATION_TOPICS.waiting,
            title:
              'Promotion waiting: agent:default/support-triage 1.4.2 to production',
            description: expect.stringContaining(
              'user:default/devon asks to promote',
            ),
            link: `/promotions/requests/${request.id}`,
            severity: 'high',
          },
        }),
      );
      expect(promotionRequestPath(request.id)).toBe(
        `/promotions/requests/${request.id}`,
      );
      await h.as('pat').post(`/requests/${request.id}/reject`, {
        reason: 'Wait for the release train',
      });
      expect(h.notifications.slice(before)).toContainEqual({
        recipients: { type: 'entity', entityRef: ['user:default/devon'] },
        payload: {
          topic: PROMOTION_NOTIFICATION_TOPICS.decided,
          title:
            'Your promotion of agent:default/support-triage 1.4.2 was rejected',
          description: expect.any(String),
          link: `/promotions/requests/${request.id}`,
          severity: 'normal',
        },
      });
      const audited = h
        .auditEvents()
        .slice(auditBefore)
        .map(e => e.eventId);
      expect(audited).toEqual(['request-create', 'request-reject']);
      expect(h.published.map(e => e.type)).toEqual(
        expect.arrayContaining(['promotion.requested', 'promotion.rejected']),
      );
    });

    it('expires requests nobody decided in time', async () => {
      const { body: request } = await h.askProduction('devon');
      await h
        .knex('promotion_requests')
        .where({ id: request.id })
        .update({ expires_at: new Date(Date.now() - 1000).toISOString() });
      await h.housekeeping();
      const expired = (await h.as('devon').get(`/requests/${request.id}`)).body;
      expect(expired.status).toBe('expired');
      expect(
        expired.decisions.map((d: { decision: string }) => d.decision),
      ).toEqual(['expire']);
      expect(
        (await h.as('april').post(`/requests/${request.id}/approve`, {}))
          .status,
      ).toBe(409);
      // Its place is free again.
      expect((await h.askProduction('devon')).status).toBe(201);
    });
  });
});

import {
  createPortalTestDatabases,
  eventually,
} from '@controlplane/test-utils';
import {
  booleanFlag,
  FlagsHarness,
  startFlagsBackend,
} from '../__testUtils__/harness';

jest.setTimeout(120_000);

/**
 * The operators' API through the real router, permission backend and RBAC
 * policy, on SQLite and PostgreSQL: definitions, values in every layer,
 * precedence, the kill switch, audit records, permissions and tenant
 * isolation, validation, concurrent changes, schedules.
 */
describe('flags router', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let h: FlagsHarness;

    beforeAll(async () => {
      h = await startFlagsBackend(databases, databaseId);
      await h.role('flags-acme', ['flags.*'], ['user:default/tina@acme']);
      await h.provision({
        acme: 'professional',
        globex: 'free',
        initech: 'professional',
      });
    });

    afterAll(async () => {
      await h?.backend.stop();
    });

    beforeEach(() => {
      jest.clearAllMocks();
    });

    const flagCount = async () =>
      Number((await h.knex('flags').count({ c: '*' }))[0].c);
    const valueCount = async () =>
      Number((await h.knex('flag_values').count({ c: '*' }))[0].c);

    /** What acme's apps get for a flag in an environment, with why. */
    async function effective(
      tenant: string,
      key: string,
      environment = 'production',
    ) {
      const res = await h
        .as('ada')
        .get(`/tenants/${tenant}/flags?environment=${environment}`);
      expect(res.status).toBe(200);
      return res.body.flags.find((flag: { key: string }) => flag.key === key);
    }

    it('creates a flag, audited once with its state; a second with the key is a 409', async () => {
      const res = await h
        .as('oscar')
        .post(
          '/flags',
          booleanFlag('ai_module_enabled', { owner: 'group:default/ai' }),
        );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        key: 'ai_module_enabled',
        type: 'boolean',
        defaultVariant: 'off',
        offVariant: 'off',
        lifecycle: 'active',
        environments: ['development', 'staging', 'production'],
        killed: false,
        potentiallyStale: false,
        revision: 1,
        createdBy: 'user:default/oscar',
        values: [],
      });
      expect(h.auditEvents()).toEqual([
        expect.objectContaining({
          eventId: 'flag-create',
          meta: { resourceType: 'flags-flag', resourceId: 'ai_module_enabled' },
        }),
      ]);
      expect(h.audit.success).toHaveBeenCalledWith({
        meta: expect.objectContaining({
          resourceId: 'ai_module_enabled',
          after: expect.objectContaining({
            defaultVariant: 'off',
            killed: false,
          }),
        }),
      });

      const again = await h
        .as('oscar')
        .post('/flags', booleanFlag('ai_module_enabled'));
      expect(again.status).toBe(409);
      expect(await flagCount()).toBe(1);
    });

    it.each([
      [
        'a variant of the wrong type',
        {
          variants: [
            { name: 'on', value: 'yes' },
            { name: 'off', value: false },
          ],
        },
        /type, boolean/,
      ],
      [
        'a default that is no variant',
        { defaultVariant: 'maybe' },
        /no variant maybe/,
      ],
      [
        'a variant name twice',
        {
          variants: [
            { name: 'on', value: true },
            { name: 'on', value: false },
          ],
        },
        /used twice/,
      ],
      ['an unknown type', { type: 'date' }, /type/],
      ['a key with capitals', { key: 'Bad_Key' }, /key/],
    ])(
      'refuses %s with a 400 and stores nothing',
      async (_, change, message) => {
        const before = await flagCount();
        const res = await h
          .as('oscar')
          .post('/flags', { ...booleanFlag('refused_flag'), ...change });
        expect(res.status).toBe(400);
        expect(JSON.stringify(res.body)).toMatch(message);
        expect(await flagCount()).toBe(before);
        expect(h.audit.success).not.toHaveBeenCalled();
      },
    );

    it('decides tenant override, then plan, then environment default, then flag default', async () => {
      await h.as('oscar').post('/flags', booleanFlag('precedence'));
      expect(await effective('acme', 'precedence')).toMatchObject({
        value: false,
        reason: 'DEFAULT',
        layer: 'default',
      });

      expect(
        (
          await h
            .as('oscar')
            .put('/flags/precedence/values/production/default', {
              variant: 'on',
              reason: 'launch',
            })
        ).status,
      ).toBe(200);
      expect(await effective('acme', 'precedence')).toMatchObject({
        value: true,
        reason: 'STATIC',
        layer: 'environment',
      });

      expect(
        (
          await h
            .as('oscar')
            .put('/flags/precedence/values/production/plan:professional', {
              variant: 'off',
              reason: 'pro only later',
            })
        ).status,
      ).toBe(200);
      expect(await effective('acme', 'precedence')).toMatchObject({
        value: false,
        layer: 'plan',
      });
      // globex is on the free plan: the environment default still decides.
      expect(await effective('globex', 'precedence')).toMatchObject({
        value: true,
        layer: 'environment',
      });

      expect(
        (
          await h
            .as('oscar')
            .put('/flags/precedence/values/production/tenant:acme', {
              variant: 'on',
              reason: 'beta customer',
            })
        ).status,
      ).toBe(200);
      expect(await effective('acme', 'precedence')).toMatchObject({
        value: true,
        layer: 'tenant',
      });
      expect(await effective('initech', 'precedence')).toMatchObject({
        value: false,
        layer: 'plan',
      });

      // Clearing the override gives the plan back.
      expect(
        (
          await h
            .as('oscar')
            .delete(
              '/flags/precedence/values/production/tenant:acme?reason=done',
            )
        ).status,
      ).toBe(200);
      expect(await effective('acme', 'precedence')).toMatchObject({
        value: false,
        layer: 'plan',
      });
      // Other environments are untouched.
      expect(await effective('acme', 'precedence', 'staging')).toMatchObject({
        layer: 'default',
      });
    });

    it('applies a plan change from the tenants plugin to the plan layer within seconds', async () => {
      await h.as('oscar').post('/flags', booleanFlag('enterprise_sso'));
      await h
        .as('oscar')
        .put('/flags/enterprise_sso/values/production/plan:enterprise', {
          variant: 'on',
          reason: 'enterprise feature',
        });
      expect(await effective('globex', 'enterprise_sso')).toMatchObject({
        value: false,
      });
      await h.tenantEvent({
        type: 'tenant.plan-changed',
        tenant: 'globex',
        plan: 'enterprise',
      });
      await eventually(async () =>
        expect(await effective('globex', 'enterprise_sso')).toMatchObject({
          value: true,
          layer: 'plan',
        }),
      );
      await h.tenantEvent({
        type: 'tenant.plan-changed',
        tenant: 'globex',
        plan: 'free',
      });
      await eventually(async () =>
        expect(await effective('globex', 'enterprise_sso')).toMatchObject({
          value: false,
        }),
      );
    });

    it('needs a reason for changes that touch production, and changes nothing without one', async () => {
      await h.as('oscar').post('/flags', booleanFlag('needs_reason'));
      const values = await valueCount();
      const res = await h
        .as('oscar')
        .put('/flags/needs_reason/values/production/default', {
          variant: 'on',
        });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/give a reason/);
      expect(await valueCount()).toBe(values);
      expect(h.audit.fail).toHaveBeenCalledTimes(1);
      // Staging does not need one.
      expect(
        (
          await h
            .as('oscar')
            .put('/flags/needs_reason/values/staging/default', {
              variant: 'on',
            })
        ).status,
      ).toBe(200);
      // A definition change of a flag in production does.
      expect(
        (await h.as('oscar').patch('/flags/needs_reason', { description: 'x' }))
          .status,
      ).toBe(400);
      expect(
        (
          await h
            .as('oscar')
            .patch('/flags/needs_reason', { description: 'x', reason: 'typo' })
        ).status,
      ).toBe(200);
    });

    it('records every value change with its state before and after', async () => {
      await h.as('oscar').post('/flags', booleanFlag('audited_value'));
      jest.clearAllMocks();
      await h
        .as('oscar')
        .put('/flags/audited_value/values/production/tenant:acme', {
          variant: 'on',
          reason: 'pilot',
        });
      expect(h.auditEvents()).toEqual([
        expect.objectContaining({
          eventId: 'flag-value-set',
          severityLevel: 'high',
          meta: {
            resourceType: 'flags-flag',
            resourceId: 'audited_value',
            environment: 'production',
            target: 'tenant:acme',
            tenant: 'acme',
          },
        }),
      ]);
      expect(h.audit.success).toHaveBeenCalledTimes(1);
      expect(
        (h.audit.success.mock.calls[0][0] as { meta: object }).meta,
      ).toMatchObject({
        before: null,
        after: { variant: 'on', rules: [] },
        reason: 'pilot',
      });
    });

    it('serves targeting rules and sticky rollouts, and refuses rules that cannot work', async () => {
      await h.as('oscar').post('/flags', booleanFlag('checkout_v2'));
      const rules = [
        {
          constraints: [
            { attribute: 'country', operator: 'in', values: ['DE', 'AT'] },
          ],
          variant: 'on',
        },
        {
          rollout: [
            { variant: 'on', weight: 25 },
            { variant: 'off', weight: 75 },
          ],
        },
      ];
      expect(
        (
          await h.as('oscar').put('/flags/checkout_v2/values/staging/default', {
            variant: 'off',
            rules,
          })
        ).status,
      ).toBe(200);
      const evaluate = (context: object) =>
        h.as('oscar').post('/evaluate', {
          tenant: 'acme',
          environment: 'staging',
          keys: ['checkout_v2'],
          context,
        });
      expect((await evaluate({ country: 'DE' })).body.flags[0]).toMatchObject({
        value: true,
        reason: 'TARGETING_MATCH',
        layer: 'environment',
        ruleIndex: 0,
      });
      expect((await evaluate({ country: 'FR' })).body.flags[0]).toMatchObject({
        reason: 'ERROR',
        errorCode: 'TARGETING_KEY_MISSING',
      });
      const split = (await evaluate({ country: 'FR', targetingKey: 'user-42' }))
        .body.flags[0];
      expect(split).toMatchObject({ reason: 'SPLIT', ruleIndex: 1 });
      expect(
        (await evaluate({ country: 'FR', targetingKey: 'user-42' })).body
          .flags[0].variant,
      ).toBe(split.variant);

      const before = await h
        .knex('flag_values')
        .where({ flag_key: 'checkout_v2' });
      for (const bad of [
        [
          {
            rollout: [
              { variant: 'on', weight: 30 },
              { variant: 'off', weight: 60 },
            ],
          },
        ],
        [
          {
            rollout: [
              { variant: 'on', weight: 33.333 },
              { variant: 'off', weight: 66.667 },
            ],
          },
        ],
        [{ rollout: [{ variant: 'maybe', weight: 100 }] }],
        [{ variant: 'on', rollout: [{ variant: 'on', weight: 100 }] }],
        [
          {
            constraints: [
              { attribute: 'version', operator: 'semver_gt', values: ['two'] },
            ],
            variant: 'on',
          },
        ],
        [
          {
            constraints: [
              { attribute: 'age', operator: 'num_gt', values: ['1e309'] },
            ],
            variant: 'on',
          },
        ],
      ]) {
        const res = await h
          .as('oscar')
          .put('/flags/checkout_v2/values/staging/default', {
            variant: 'off',
            rules: bad,
          });
        expect(res.status).toBe(400);
      }
      expect(
        await h.knex('flag_values').where({ flag_key: 'checkout_v2' }),
      ).toEqual(before);
    });

    it('kills a flag everywhere at once and brings it back, audited as critical', async () => {
      await h.as('oscar').post('/flags', booleanFlag('killable'));
      await h.as('oscar').put('/flags/killable/values/production/default', {
        variant: 'on',
        reason: 'on',
      });
      await h.as('oscar').put('/flags/killable/values/production/tenant:acme', {
        variant: 'on',
        reason: 'on',
      });
      expect(
        (
          await h
            .as('oscar')
            .put('/flags/killable/kill-switch', { enabled: true, reason: '' })
        ).status,
      ).toBe(400);
      jest.clearAllMocks();
      const killed = await h.as('oscar').put('/flags/killable/kill-switch', {
        enabled: true,
        reason: 'incident 42',
      });
      expect(killed.status).toBe(200);
      expect(killed.body.killed).toBe(true);
      for (const tenant of ['acme', 'globex']) {
        expect(await effective(tenant, 'killable')).toMatchObject({
          value: false,
          reason: 'DISABLED',
          layer: 'kill-switch',
        });
      }
      expect(h.auditEvents()).toEqual([
        expect.objectContaining({
          eventId: 'flag-kill',
          severityLevel: 'critical',
        }),
      ]);
      await h.as('oscar').put('/flags/killable/kill-switch', {
        enabled: false,
        reason: 'fixed',
      });
      expect(await effective('acme', 'killable')).toMatchObject({
        value: true,
        layer: 'tenant',
      });
    });

    it('deprecates and archives; archived flags are not served', async () => {
      await h.as('oscar').post('/flags', booleanFlag('old_banner'));
      expect(
        (
          await h.as('oscar').patch('/flags/old_banner', {
            lifecycle: 'deprecated',
            reason: 'replaced',
          })
        ).body.lifecycle,
      ).toBe('deprecated');
      expect(await effective('acme', 'old_banner')).toMatchObject({
        lifecycle: 'deprecated',
        value: false,
      });
      expect(
        (
          await h.as('oscar').patch('/flags/old_banner', {
            lifecycle: 'archived',
            reason: 'gone',
          })
        ).status,
      ).toBe(200);
      expect(await effective('acme', 'old_banner')).toBeUndefined();
      const listed = await h.as('oscar').get('/flags?search=old_banner');
      expect(listed.body.items).toEqual([]);
      const archived = await h
        .as('oscar')
        .get('/flags?search=old_banner&lifecycle=archived');
      expect(
        archived.body.items.map((flag: { key: string }) => flag.key),
      ).toEqual(['old_banner']);
    });

    it('lets one of two concurrent edits of the same revision win; the other is a 409', async () => {
      await h
        .as('oscar')
        .post(
          '/flags',
          booleanFlag('contended', { environments: ['development'] }),
        );
      const [a, b] = await Promise.all([
        h
          .as('oscar')
          .patch('/flags/contended', { description: 'a', revision: 1 }),
        h
          .as('ada')
          .patch('/flags/contended', { description: 'b', revision: 1 }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const flag = (await h.as('oscar').get('/flags/contended')).body;
      expect(flag.revision).toBe(2);
      expect(flag.description).toBe(a.status === 200 ? 'a' : 'b');
    });

    it('refuses users without the permission, auditing the denied change', async () => {
      expect((await h.as('nobody').get('/flags')).status).toBe(403);
      expect((await h.as('dev').get('/flags')).status).toBe(200);
      const before = await flagCount();
      jest.clearAllMocks();
      const res = await h.as('dev').post('/flags', booleanFlag('not_mine'));
      expect(res.status).toBe(403);
      expect(await flagCount()).toBe(before);
      expect(h.audit.fail).toHaveBeenCalledTimes(1);
      expect(
        (
          await h.as('dev').put('/flags/precedence/kill-switch', {
            enabled: true,
            reason: 'x',
          })
        ).status,
      ).toBe(403);
      expect((await h.as('dev').get('/tenants/acme/flags')).status).toBe(403);
    });

    it('keeps a tenant-scoped member to their tenant', async () => {
      await h
        .as('oscar')
        .post(
          '/flags',
          booleanFlag('scoped', { environments: ['development'] }),
        );
      const tina = h.as('tina');
      expect(
        (await tina.get('/tenants/acme/flags?environment=development')).status,
      ).toBe(200);
      expect(
        (await tina.get('/tenants/globex/flags?environment=development'))
          .status,
      ).toBe(404);
      expect((await tina.post('/evaluate', { tenant: 'globex' })).status).toBe(
        404,
      );
      const matrix = await tina.get('/matrix?environment=development');
      expect(matrix.status).toBe(200);
      expect(
        matrix.body.rows.map((row: { tenant: string }) => row.tenant),
      ).toEqual(['acme']);
      // Overrides: in acme yes, elsewhere no; definitions are platform-wide.
      expect(
        (
          await tina.put('/flags/scoped/values/development/tenant:acme', {
            variant: 'on',
          })
        ).status,
      ).toBe(200);
      const values = await valueCount();
      expect(
        (
          await tina.put('/flags/scoped/values/development/tenant:globex', {
            variant: 'on',
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await tina.put('/flags/scoped/values/development/default', {
            variant: 'on',
          })
        ).status,
      ).toBe(403);
      expect((await tina.post('/flags', booleanFlag('tina_flag'))).status).toBe(
        403,
      );
      expect(await valueCount()).toBe(values);
    });

    it('lists the tenants × flags matrix with the deciding layer', async () => {
      await h
        .as('oscar')
        .post(
          '/flags',
          booleanFlag('matrix_flag', { environments: ['development'] }),
        );
      await h
        .as('oscar')
        .put('/flags/matrix_flag/values/development/tenant:globex', {
          variant: 'on',
        });
      const res = await h
        .as('oscar')
        .get('/matrix?environment=development&limit=2');
      expect(res.status).toBe(200);
      expect(
        res.body.rows.map((row: { tenant: string }) => row.tenant),
      ).toEqual(['acme', 'globex']);
      expect(res.body.rows[1].cells.matrix_flag).toEqual({
        variant: 'on',
        value: true,
        layer: 'tenant',
      });
      expect(res.body.rows[0].cells.matrix_flag).toEqual({
        variant: 'off',
        value: false,
        layer: 'default',
      });
      const next = await h
        .as('oscar')
        .get(
          `/matrix?environment=development&limit=2&cursor=${res.body.nextCursor}`,
        );
      expect(
        next.body.rows.map((row: { tenant: string }) => row.tenant),
      ).toEqual(['initech']);
    });

    it('runs a scheduled change once, at its time, audited', async () => {
      await h
        .as('oscar')
        .post(
          '/flags',
          booleanFlag('scheduled', { environments: ['staging'] }),
        );
      const runAt = new Date(Date.now() + 1500).toISOString();
      const created = await h.as('oscar').post('/flags/scheduled/schedules', {
        runAt,
        change: {
          kind: 'set-value',
          environment: 'staging',
          target: 'default',
          variant: 'on',
        },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        status: 'pending',
        createdBy: 'user:default/oscar',
      });
      const past = await h.as('oscar').post('/flags/scheduled/schedules', {
        runAt: new Date(Date.now() - 1000).toISOString(),
        change: {
          kind: 'set-value',
          environment: 'staging',
          target: 'default',
          variant: 'on',
        },
      });
      expect(past.status).toBe(400);
      // Not before its time.
      await h.scheduler.triggerTask('flags-scheduled-changes');
      expect(await effective('acme', 'scheduled', 'staging')).toMatchObject({
        layer: 'default',
      });
      await eventually(async () => {
        await h.scheduler.triggerTask('flags-scheduled-changes');
        expect(await effective('acme', 'scheduled', 'staging')).toMatchObject({
          value: true,
          layer: 'environment',
        });
      });
      await h.scheduler.triggerTask('flags-scheduled-changes');
      const schedules = (await h.as('oscar').get('/flags/scheduled/schedules'))
        .body.items;
      expect(schedules).toEqual([
        expect.objectContaining({ id: created.body.id, status: 'applied' }),
      ]);
      expect(
        h.auditEvents().filter(event => event.eventId === 'flag-schedule-run'),
      ).toHaveLength(1);
      // A change that ran cannot be cancelled.
      expect(
        (
          await h
            .as('oscar')
            .delete(`/flags/scheduled/schedules/${created.body.id}`)
        ).status,
      ).toBe(409);
    });

    it('marks flags unchanged and unevaluated for the configured time as potentially stale', async () => {
      await h.as('oscar').post('/flags', booleanFlag('forgotten'));
      await h
        .knex('flags')
        .where({ key: 'forgotten' })
        .update({
          updated_at: new Date(Date.now() - 40 * 86_400_000).toISOString(),
        });
      const stale = await h.as('oscar').get('/flags?stale=true');
      expect(stale.body.items.map((flag: { key: string }) => flag.key)).toEqual(
        ['forgotten'],
      );
      expect(
        (await h.as('oscar').get('/flags/forgotten')).body.potentiallyStale,
      ).toBe(true);
      const fresh = await h.as('oscar').get('/flags?stale=false');
      expect(
        fresh.body.items.map((flag: { key: string }) => flag.key),
      ).not.toContain('forgotten');
    });

    it("lists the flags of the given owners (a developer's own flags), refs compared without regard to case", async () => {
      const owned = {
        'mine-by-team': 'Group:Default/Team-Agents',
        'mine-by-user': 'user:default/dev',
        'mine-old': 'group:default/team-agents',
        'not-mine': 'group:default/team-apps',
      };
      for (const [key, owner] of Object.entries(owned)) {
        expect(
          (await h.as('oscar').post('/flags', booleanFlag(key, { owner })))
            .status,
        ).toBe(201);
      }
      await h.as('oscar').post('/flags', booleanFlag('nobodys'));
      await h
        .knex('flags')
        .whereIn('key', ['mine-old', 'not-mine'])
        .update({
          updated_at: new Date(Date.now() - 40 * 86_400_000).toISOString(),
        });
      const keys = (res: { body: { items: Array<{ key: string }> } }) =>
        res.body.items.map(flag => flag.key);
      // As the frontend's client sends it: the refs URL-encoded.
      const owner = (...refs: string[]) =>
        new URLSearchParams({ owner: refs.join(',') }).toString();

      const mine = await h
        .as('dev')
        .get(
          `/flags?${owner('group:default/team-agents', 'user:default/dev')}`,
        );
      expect(mine.status).toBe(200);
      expect(keys(mine)).toEqual(['mine-by-team', 'mine-by-user', 'mine-old']);

      // With the stale filter: only the old one; other owners' stale flags not.
      const stale = await h
        .as('dev')
        .get(`/flags?${owner('GROUP:default/team-agents')}&stale=true`);
      expect(keys(stale)).toEqual(['mine-old']);
      expect(stale.body.items[0].potentiallyStale).toBe(true);

      // Deprecated ones are listed when asked for, archived ones are not.
      const deprecate = await h.as('oscar').patch('/flags/mine-by-user', {
        lifecycle: 'deprecated',
        reason: 'replaced by mine-by-team',
      });
      expect(deprecate.status).toBe(200);
      const deprecated = await h
        .as('dev')
        .get(`/flags?${owner('user:default/dev')}&lifecycle=deprecated`);
      expect(keys(deprecated)).toEqual(['mine-by-user']);

      // Paged like any list.
      const first = await h
        .as('dev')
        .get(
          `/flags?${owner(
            'group:default/team-agents',
            'user:default/dev',
          )}&limit=2`,
        );
      expect(keys(first)).toEqual(['mine-by-team', 'mine-by-user']);
      const second = await h
        .as('dev')
        .get(
          `/flags?${owner(
            'group:default/team-agents',
            'user:default/dev',
          )}&limit=2&cursor=${first.body.nextCursor}`,
        );
      expect(keys(second)).toEqual(['mine-old']);
      expect(second.body.nextCursor).toBeUndefined();
    });

    it('refuses the owner filter to users without flags.flag.read, and bounds it', async () => {
      const owner = (...refs: string[]) =>
        new URLSearchParams({ owner: refs.join(',') }).toString();
      expect(
        (await h.as('nobody').get(`/flags?${owner('user:default/nobody')}`))
          .status,
      ).toBe(403);
      // A tenant-scoped member holds flags.* for acme only: flag
      // definitions are platform-wide, not a tenant's, so no list of them.
      expect(
        (await h.as('tina').get(`/flags?${owner('user:default/tina')}`)).status,
      ).toBe(403);
      const tooMany = Array.from(
        { length: 51 },
        (_, i) => `group:default/g${i}`,
      );
      const refused = await h.as('dev').get(`/flags?${owner(...tooMany)}`);
      expect(refused.status).toBe(400);
      expect(refused.body.error.name).toBe('InputError');
      expect(
        (await h.as('dev').get(`/flags?${owner('x'.repeat(256))}`)).status,
      ).toBe(400);
    });
  });
});

import { ManagedApp } from '@controlplane/plugin-apps-common';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startAppsBackend } from './__testUtils__/harness';

jest.setTimeout(120_000);

/** `/tenant-apps`: which apps serve a tenant, from the apps' own tenants. */
describe('tenant apps', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let harness: Awaited<ReturnType<typeof startAppsBackend>>;
    const apps: Record<string, ManagedApp> = {};

    beforeAll(async () => {
      harness = await startAppsBackend(databases, databaseId);
      for (const [name, tenants] of [
        ['acme-only', ['acme']],
        ['acme-globex', ['acme', 'globex']],
        ['globex-only', ['globex']],
        ['idle', []],
      ] as const) {
        const res = await harness.as('oscar').post('/apps', {
          name,
          environment: 'staging',
          owner: 'group:default/team-apps',
          tenants,
        });
        if (res.status !== 201) throw new Error(`Registering: ${res.text}`);
        apps[name] = res.body;
      }
    });
    afterAll(() => harness?.stop());

    const tenantsOf = async (name: string) =>
      (await harness.as('oscar').get(`/apps/${apps[name].id}`)).body.tenants;

    it('lists the apps serving each tenant, repeated or as a comma list', async () => {
      const repeated = await harness
        .as('plugin:tenants')
        .get('/tenant-apps?tenant=acme&tenant=globex&tenant=initech');
      expect(repeated.status).toBe(200);
      expect(repeated.body).toEqual({
        tenants: {
          acme: ['acme-globex', 'acme-only'],
          globex: ['acme-globex', 'globex-only'],
          initech: [],
        },
      });
      const comma = await harness
        .as('plugin:tenants')
        .get('/tenant-apps?tenant=acme,globex,initech');
      expect(comma.status).toBe(200);
      expect(comma.body).toEqual(repeated.body);
      const single = await harness.as('oscar').get('/tenant-apps?tenant=acme');
      expect(single.body).toEqual({
        tenants: { acme: ['acme-globex', 'acme-only'] },
      });
    });

    it('applies the caller’s read scope and refuses other services and bad input', async () => {
      // tina is scoped to acme: she reads only apps all of whose tenants are acme.
      const scoped = await harness.as('tina').get('/tenant-apps?tenant=acme');
      expect(scoped.status).toBe(200);
      expect(scoped.body.tenants.acme).toEqual(['acme-only']);
      expect(
        (await harness.as('nobody').get('/tenant-apps?tenant=acme')).status,
      ).toBe(403);
      for (const other of ['plugin:audit', 'plugin:catalog', 'service']) {
        expect(
          (await harness.as(other).get('/tenant-apps?tenant=acme')).status,
        ).toBe(403);
      }
      const many = Array.from({ length: 101 }, (_, i) => `t${i}`).join(',');
      const tooMany = await harness
        .as('oscar')
        .get(`/tenant-apps?tenant=${many}`);
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.error.message).toMatch(/At most 100 tenants/);
      expect((await harness.as('oscar').get('/tenant-apps')).status).toBe(400);
      expect(
        (await harness.as('oscar').get('/tenant-apps?tenant=Bad_Name')).status,
      ).toBe(400);
    });

    it('sets exactly the apps serving a tenant, idempotently, one audit event per changed app', async () => {
      const revision = async () =>
        (await harness.as('plugin:audit').get('/credentials/snapshot')).body
          .revision;
      const startEvents = harness.auditEventIds().length;
      const set = await harness.as('oscar').put('/tenant-apps/globex', {
        applications: ['acme-only', 'globex-only'],
      });
      expect(set.status).toBe(200);
      expect(set.body).toEqual({
        tenant: 'globex',
        applications: ['acme-only', 'globex-only'],
      });
      expect(await tenantsOf('acme-only')).toEqual(['acme', 'globex']);
      expect(await tenantsOf('acme-globex')).toEqual(['acme']);
      expect(await tenantsOf('globex-only')).toEqual(['globex']);
      // Two apps changed: two events, with the tenants before and after.
      const events = harness.auditEventIds().slice(startEvents);
      expect(events).toEqual(['app.updated', 'app.updated']);
      const successes = harness.audit.success.mock.calls
        .map(([options]: any) => options?.meta)
        .filter((meta: any) => meta?.changedTenant === 'globex');
      expect(successes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            app: 'acme-only',
            before: { tenants: ['acme'] },
            after: { tenants: ['acme', 'globex'] },
          }),
          expect.objectContaining({
            app: 'acme-globex',
            before: { tenants: ['acme', 'globex'] },
            after: { tenants: ['acme'] },
          }),
        ]),
      );

      // The same again changes nothing: no event, same snapshot revision.
      const before = await revision();
      const again = await harness.as('oscar').put('/tenant-apps/globex', {
        applications: ['globex-only', 'acme-only'],
      });
      expect(again.status).toBe(200);
      expect(harness.auditEventIds().slice(startEvents)).toHaveLength(2);
      expect(await revision()).toBe(before);

      // The snapshot follows: the credential of acme-only now reaches globex.
      const key = await harness
        .as('oscar')
        .post(`/apps/${apps['acme-only'].id}/api-keys`, {
          name: 'k',
          scopes: ['audit:write'],
        });
      const snapshot = await harness
        .as('plugin:audit')
        .get('/credentials/snapshot');
      expect(
        snapshot.body.credentials.find(
          (c: any) => c.credentialId === key.body.credential.id,
        ).tenants,
      ).toEqual(['acme', 'globex']);
    });

    it('changes nothing on unknown names, missing permissions or out-of-scope apps', async () => {
      const state = async () =>
        Promise.all(Object.keys(apps).map(name => tenantsOf(name)));
      const start = await state();
      const unknown = await harness.as('oscar').put('/tenant-apps/acme', {
        applications: ['acme-only', 'no-such-app', 'ghost'],
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toBe(
        'No app named ghost, no-such-app',
      );
      // dev reads apps but may not update them.
      expect(
        (await harness.as('dev').put('/tenant-apps/acme', { applications: [] }))
          .status,
      ).toBe(403);
      // Now acme-only serves acme and globex, acme-globex only acme.
      // tina (scoped to acme) cannot reach acme-only...
      const outOfReach = await harness
        .as('tina')
        .put('/tenant-apps/globex', { applications: [] });
      expect(outOfReach.status).toBe(404);
      // ...and cannot make an acme app serve initech.
      const outOfScope = await harness
        .as('tina')
        .put('/tenant-apps/initech', { applications: ['acme-globex'] });
      expect(outOfScope.status).toBe(403);
      expect(
        (
          await harness
            .as('oscar')
            .put('/tenant-apps/acme', { applications: ['Bad Name'] })
        ).status,
      ).toBe(400);
      expect(await state()).toEqual(start);
      expect(harness.audit.fail).toHaveBeenCalled();
    });

    it('ends consistent after two concurrent changes of the same tenant', async () => {
      const lists = [['idle'], ['globex-only', 'acme-only']];
      const answers = await Promise.all(
        lists.map(applications =>
          harness.as('oscar').put('/tenant-apps/hooli', { applications }),
        ),
      );
      expect(answers.map(a => a.status)).toEqual([200, 200]);
      const serving = (
        await harness.as('oscar').get('/tenant-apps?tenant=hooli')
      ).body.tenants.hooli;
      // Exactly the list of one of the two calls, never a mix.
      expect([['idle'], ['acme-only', 'globex-only']]).toContainEqual(serving);
    });
  });
});

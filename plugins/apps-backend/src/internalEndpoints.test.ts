import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startAppsBackend } from './__testUtils__/harness';

jest.setTimeout(120_000);

/**
 * Least privilege for the internal endpoints: each answers only the
 * plugins that need it, never any backend that holds a service token.
 */
describe('internal endpoints of the apps plugin', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    describe('with the default credential consumers', () => {
      let harness: Awaited<ReturnType<typeof startAppsBackend>>;
      beforeAll(async () => {
        harness = await startAppsBackend(databases, databaseId);
      });
      afterAll(() => harness?.stop());

      const usage = { entries: [] };

      it('serves the credential snapshot and usage reports to the credential verifiers only', async () => {
        for (const verifier of ['plugin:audit', 'plugin:flags']) {
          expect(
            (await harness.as(verifier).get('/credentials/snapshot')).status,
          ).toBe(200);
          expect(
            (await harness.as(verifier).post('/usage', usage)).status,
          ).toBe(204);
        }
        for (const other of ['plugin:tenants', 'plugin:catalog', 'service']) {
          const snapshot = await harness.as(other).get('/credentials/snapshot');
          expect(snapshot.status).toBe(403);
          expect(snapshot.body.error.message).toContain('plugin:audit');
          expect(snapshot.text).not.toMatch(/secretHashes/);
          expect((await harness.as(other).post('/usage', usage)).status).toBe(
            403,
          );
        }
        for (const user of ['ada', 'oscar']) {
          expect(
            (await harness.as(user).get('/credentials/snapshot')).status,
          ).toBe(403);
          expect((await harness.as(user).post('/usage', usage)).status).toBe(
            403,
          );
        }
      });

      it('serves the app entities to the catalog only', async () => {
        const catalog = await harness.as('plugin:catalog').get('/entities');
        expect(catalog.status).toBe(200);
        expect(Array.isArray(catalog.body.entities)).toBe(true);
        for (const other of ['plugin:audit', 'plugin:tenants', 'service']) {
          expect((await harness.as(other).get('/entities')).status).toBe(403);
        }
        expect((await harness.as('ada').get('/entities')).status).toBe(403);
      });
    });

    describe('with apps.credentialConsumers configured', () => {
      let harness: Awaited<ReturnType<typeof startAppsBackend>>;
      beforeAll(async () => {
        harness = await startAppsBackend(databases, databaseId, {
          credentialConsumers: ['billing'],
        });
      });
      afterAll(() => harness?.stop());

      it('serves the snapshot to the configured plugins instead of the defaults', async () => {
        expect(
          (await harness.as('plugin:billing').get('/credentials/snapshot'))
            .status,
        ).toBe(200);
        expect(
          (await harness.as('plugin:audit').get('/credentials/snapshot'))
            .status,
        ).toBe(403);
      });
    });
  });
});

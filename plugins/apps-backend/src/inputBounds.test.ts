import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startAppsBackend } from './__testUtils__/harness';

jest.setTimeout(120_000);

/** Numbers the integer columns cannot hold never reach them. */
describe('integer bounds of the apps API', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let harness: Awaited<ReturnType<typeof startAppsBackend>>;
    let appId: string;
    let credentialId: string;

    beforeAll(async () => {
      harness = await startAppsBackend(databases, databaseId);
      const app = await harness.as('oscar').post('/apps', {
        name: 'bounded-app',
        environment: 'staging',
        owner: 'group:default/team-apps',
        tenants: ['acme'],
      });
      if (app.status !== 201) throw new Error(`Registering: ${app.text}`);
      appId = app.body.id;
      const key = await harness.as('oscar').post(`/apps/${appId}/api-keys`, {
        name: 'k',
        scopes: ['audit:write'],
      });
      if (key.status !== 201) throw new Error(`Issuing: ${key.text}`);
      credentialId = key.body.credential.id;
    });
    afterAll(() => harness?.stop());

    const tooBig = [2 ** 53, 1e308, 1.5, 1_000_001, 0, -1];

    it('refuses rate limits that are not whole numbers from 1 to 1,000,000, storing nothing', async () => {
      for (const value of tooBig) {
        for (const field of ['limitPerMinute', 'burst']) {
          const res = await harness
            .as('oscar')
            .put(`/apps/${appId}/rate-limits`, {
              rules: [
                {
                  routePattern: '/api/audit/*',
                  limitPerMinute: 10,
                  burst: 10,
                  [field]: value,
                },
              ],
            });
          expect({ field, value, status: res.status }).toEqual({
            field,
            value,
            status: 400,
          });
          expect(res.body.error.message).toContain(field);
        }
      }
      expect(await harness.knex('app_rate_limits').select('*')).toEqual([]);

      const largest = await harness
        .as('oscar')
        .put(`/apps/${appId}/rate-limits`, {
          rules: [
            {
              routePattern: '/api/audit/*',
              limitPerMinute: 1_000_000,
              burst: 1_000_000,
            },
          ],
        });
      expect(largest.status).toBe(200);
      const [stored] = await harness.knex('app_rate_limits').select('*');
      expect(Number(stored.limit_per_minute)).toBe(1_000_000);
    });

    it('refuses usage counts beyond their bounds, storing nothing', async () => {
      const hour = new Date();
      hour.setUTCMinutes(0, 0, 0);
      for (const value of [2 ** 53, 1e308, 1.5, -1]) {
        const res = await harness.as('plugin:audit').post('/usage', {
          entries: [
            {
              credentialId,
              hour: hour.toISOString(),
              endpoint: 'POST /api/audit/events',
              successful: value,
              failed: 0,
              rateLimited: 0,
              lastUsedAt: hour.toISOString(),
            },
          ],
        });
        expect({ value, status: res.status }).toEqual({ value, status: 400 });
      }
      expect(await harness.knex('app_credential_usage').select('*')).toEqual(
        [],
      );
    });
  });
});

import { ManagedApp } from '@controlplane/plugin-apps-common';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startAppsBackend } from './__testUtils__/harness';

jest.setTimeout(120_000);

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The start of the hour `hours` ago, ISO 8601 UTC. */
const hourAgo = (hours: number) => {
  const at = new Date(Date.now() - hours * HOUR_MS);
  at.setUTCMinutes(0, 0, 0);
  return at.toISOString();
};

/**
 * What the home page cards read, through the real router and RBAC policy:
 * the apps of an owner with their credentials that expire soon, and the
 * credential failures of the last hours, each within the caller's reach.
 */
describe('apps reads of the home page', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let harness: Awaited<ReturnType<typeof startAppsBackend>>;
    const apps: Record<string, ManagedApp> = {};
    const keys: Record<string, string> = {};

    beforeAll(async () => {
      // A low threshold: 5 failed calls of one credential in an hour.
      harness = await startAppsBackend(databases, databaseId, {
        alarms: { failedPerHour: 5 },
      });
      const register = async (
        name: string,
        owner: string,
        tenants: string[],
      ) => {
        const res = await harness.as('oscar').post('/apps', {
          name,
          environment: 'production',
          owner,
          tenants,
        });
        if (res.status !== 201) {
          throw new Error(`Registering ${name}: ${res.status} ${res.text}`);
        }
        apps[name] = res.body;
      };
      await register('acme-sync', 'group:default/Team-Apps', ['acme']);
      await register('globex-sync', 'group:default/team-apps', ['globex']);
      await register('dev-tool', 'user:default/dev', []);
      await register('other-team', 'group:default/team-agents', ['acme']);
      const issue = async (
        app: string,
        name: string,
        expiresInDays?: number,
      ) => {
        const res = await harness
          .as('oscar')
          .post(`/apps/${apps[app].id}/api-keys`, {
            name,
            scopes: ['flags:read'],
            ...(expiresInDays
              ? {
                  expiresAt: new Date(
                    Date.now() + expiresInDays * DAY_MS,
                  ).toISOString(),
                }
              : {}),
          });
        expect(res.status).toBe(201);
        keys[`${app}/${name}`] = res.body.credential.id;
      };
      await issue('acme-sync', 'soon', 10);
      await issue('acme-sync', 'later', 90);
      await issue('acme-sync', 'never');
      await issue('globex-sync', 'soon', 20);
      await issue('other-team', 'soon', 5);
      await issue('dev-tool', 'ci');

      const entry = (
        key: string,
        hoursAgo: number,
        failed: number,
        rateLimited = 0,
      ) => ({
        credentialId: keys[key],
        hour: hourAgo(hoursAgo),
        endpoint: 'GET /api/flags/flags',
        successful: 10,
        failed,
        rateLimited,
        lastUsedAt: hourAgo(hoursAgo),
      });
      const report = await harness.as('plugin:audit').post('/usage', {
        entries: [
          // acme-sync: 7 failed in one hour (an alarm), 2 more later.
          entry('acme-sync/soon', 3, 7, 1),
          entry('acme-sync/later', 1, 2),
          // globex-sync: 3 failed; and older ones outside the window.
          entry('globex-sync/soon', 2, 3),
          entry('globex-sync/soon', 30, 50),
          // other-team: rate limited only, no failure.
          entry('other-team/soon', 1, 0, 9),
          // dev-tool: only successful calls.
          entry('dev-tool/ci', 1, 0),
        ],
      });
      if (report.status !== 204) {
        throw new Error(`Reporting usage: ${report.status} ${report.text}`);
      }
    });

    afterAll(async () => {
      await harness?.stop();
    });

    it('lists the apps with credential failures of the last 24 hours', async () => {
      const res = await harness.as('oscar').get('/credential-failures');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        hours: 24,
        alarmThreshold: 5,
        total: 2,
      });
      expect(res.body.items).toEqual([
        {
          appId: apps['acme-sync'].id,
          appName: 'acme-sync',
          tenants: ['acme'],
          failed: 9,
          rateLimited: 1,
          failingCredentials: 2,
          lastFailureAt: hourAgo(1),
          peakHourFailed: 7,
          alarmed: true,
          credentials: [
            { id: keys['acme-sync/soon'], name: 'soon', failed: 7 },
            { id: keys['acme-sync/later'], name: 'later', failed: 2 },
          ],
        },
        expect.objectContaining({
          appName: 'globex-sync',
          failed: 3,
          peakHourFailed: 3,
          alarmed: false,
        }),
      ]);
      // A longer window reaches the older failures.
      const week = await harness
        .as('oscar')
        .get('/credential-failures?hours=168');
      expect(week.body.items[0]).toMatchObject({
        appName: 'globex-sync',
        failed: 53,
        alarmed: true,
      });
      const one = await harness.as('oscar').get('/credential-failures?limit=1');
      expect(one.body.items).toHaveLength(1);
      expect(one.body.total).toBe(2);
    });

    it("shows a tenant owner only their tenant's apps' failures", async () => {
      const res = await harness.as('tina').get('/credential-failures');
      expect(res.status).toBe(200);
      expect(res.body.items.map((a: { appName: string }) => a.appName)).toEqual(
        ['acme-sync'],
      );
      expect(res.body.total).toBe(1);
    });

    it('refuses callers without apps.usage.read and bad windows', async () => {
      expect(
        (await harness.as('nobody').get('/credential-failures')).status,
      ).toBe(403);
      expect(
        (await harness.as('oscar').get('/credential-failures?hours=0')).status,
      ).toBe(400);
      expect(
        (await harness.as('oscar').get('/credential-failures?hours=169'))
          .status,
      ).toBe(400);
    });

    it("lists an owner's apps, case-insensitively", async () => {
      const names = async (who: string, query: string) => {
        const res = await harness.as(who).get(`/apps?${query}`);
        expect(res.status).toBe(200);
        return res.body.items.map((a: ManagedApp) => a.name);
      };
      const mine = 'owner=user%3Adefault%2Fdev%2Cgroup%3Adefault%2Fteam-apps';
      expect(await names('dev', mine)).toEqual([
        'acme-sync',
        'dev-tool',
        'globex-sync',
      ]);
      expect(await names('dev', 'owner=group%3Adefault%2Fteam-agents')).toEqual(
        ['other-team'],
      );
      expect(await names('dev', 'owner=group%3Adefault%2Fnobody')).toEqual([]);
      // The owner filter narrows the caller's reach, never widens it.
      expect(await names('tina', mine)).toEqual(['acme-sync']);
      expect((await harness.as('nobody').get(`/apps?${mine}`)).status).toBe(
        403,
      );
    });

    it("lists the active credentials of an owner's apps that expire soon", async () => {
      const before = encodeURIComponent(
        new Date(Date.now() + 30 * DAY_MS).toISOString(),
      );
      const res = await harness
        .as('dev')
        .get(
          `/api-keys?owner=group%3Adefault%2Fteam-apps&status=active&expiresBefore=${before}`,
        );
      expect(res.status).toBe(200);
      expect(
        res.body.records
          .map(
            (c: { appName: string; name: string }) => `${c.appName}/${c.name}`,
          )
          .sort(),
      ).toEqual(['acme-sync/soon', 'globex-sync/soon']);
      expect(res.body.total).toBe(2);
      // Tenant scoping still applies.
      const tina = await harness
        .as('tina')
        .get(
          `/api-keys?owner=group%3Adefault%2Fteam-apps&expiresBefore=${before}`,
        );
      expect(
        tina.body.records.map(
          (c: { appName: string; name: string }) => `${c.appName}/${c.name}`,
        ),
      ).toEqual(['acme-sync/soon']);
      expect(
        (await harness.as('dev').get('/api-keys?expiresBefore=soon')).status,
      ).toBe(400);
    });
  });
});

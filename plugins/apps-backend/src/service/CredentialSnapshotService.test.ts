import { mockServices } from '@backstage/backend-test-utils';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { migrateAppsDatabase } from '../database/migrations';
import { bindAppsStores } from '../database/stores';
import { createAppsServices } from './services';

jest.setTimeout(60_000);

describe('CredentialSnapshotService blocked tenants', () => {
  const databases = createPortalTestDatabases();

  it.each(databases.eachSupportedId())(
    'follows tenant events and reconciles with the tenants list on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateAppsDatabase(knex);
      let now = new Date('2026-01-01T10:00:00Z');
      const { apps, credentials, snapshot } = createAppsServices({
        stores: bindAppsStores(knex),
        events: mockServices.events.mock(),
        logger: mockServices.logger.mock(),
        secretHashKey: Buffer.alloc(32, 1),
        now: () => now,
      });
      const app = await apps.register(
        {
          name: 'shared',
          environment: 'staging',
          owner: 'group:default/a',
          tenants: ['acme', 'globex', 'initech'],
        },
        'user:default/ada',
      );
      await credentials.issue(
        app.result,
        { name: 'k', scopes: ['flags:read'] },
        'user:default/ada',
      );
      const tenants = async () =>
        (await snapshot.snapshot()).credentials[0].tenants;

      expect(
        await snapshot.onTenantEvent({
          type: 'tenant.offboarded',
          tenant: 'acme',
        }),
      ).toBe(true);
      expect(
        await snapshot.onTenantEvent({
          type: 'tenant.plan-changed',
          tenant: 'globex',
        }),
      ).toBe(false);
      expect(await tenants()).toEqual(['globex', 'initech']);

      // The list read before a newer event does not undo that event.
      const readAt = new Date('2026-01-01T10:05:00Z');
      now = new Date('2026-01-01T10:06:00Z');
      await snapshot.onTenantEvent({
        type: 'tenant.suspended',
        tenant: 'initech',
      });
      const revision = await snapshot.revision();
      expect(
        await snapshot.syncBlockedTenants(
          [
            { tenant: 'acme', status: 'offboarded' },
            { tenant: 'globex', status: 'suspended' },
          ],
          readAt,
        ),
      ).toBe(true);
      expect(await snapshot.revision()).not.toBe(revision);
      expect((await snapshot.snapshot()).credentials[0].tenants).toEqual([]);

      // Nothing changed: no new revision.
      const unchanged = await snapshot.revision();
      expect(
        await snapshot.syncBlockedTenants(
          [
            { tenant: 'acme', status: 'offboarded' },
            { tenant: 'globex', status: 'suspended' },
            { tenant: 'initech', status: 'suspended' },
          ],
          new Date('2026-01-01T10:07:00Z'),
        ),
      ).toBe(false);
      expect(await snapshot.revision()).toBe(unchanged);

      await snapshot.onTenantEvent({
        type: 'tenant.reactivated',
        tenant: 'globex',
      });
      expect(await tenants()).toEqual(['globex']);
    },
  );
});

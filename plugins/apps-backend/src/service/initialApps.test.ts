import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  createMockAuditor,
  createPortalTestDatabases,
} from '@controlplane/test-utils';
import { migrateAppsDatabase } from '../database/migrations';
import { bindAppsStores } from '../database/stores';
import { createAppsServices } from './services';
import { seedInitialApps } from './initialApps';

jest.setTimeout(60_000);

const config = new ConfigReader({
  apps: {
    initialApps: [
      {
        name: 'billing-sync',
        title: 'Billing sync',
        environment: 'production',
        owner: 'group:default/team-apps',
        tenants: ['acme', 'globex'],
      },
      {
        name: 'analytics-portal',
        environment: 'staging',
        owner: 'group:default/team-apps',
      },
    ],
  },
});

describe('seedInitialApps', () => {
  const databases = createPortalTestDatabases();

  it.each(databases.eachSupportedId())(
    'registers the initial apps once, as system, on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateAppsDatabase(knex);
      const { apps: service } = createAppsServices({
        stores: bindAppsStores(knex),
        events: mockServices.events.mock(),
        logger: mockServices.logger.mock(),
        secretHashKey: Buffer.alloc(32, 1),
      });
      const audit = createMockAuditor();
      const auditor = audit.auditor as any;
      const logger = mockServices.logger.mock();

      expect(await seedInitialApps(service, config, logger, auditor)).toBe(2);
      expect(await seedInitialApps(service, config, logger, auditor)).toBe(0);

      const { items } = await service.listApps({ limit: 10 });
      expect(items.map(app => [app.name, app.createdBy, app.tenants])).toEqual([
        ['analytics-portal', 'system', []],
        ['billing-sync', 'system', ['acme', 'globex']],
      ]);
      expect(audit.success).toHaveBeenCalledTimes(2);
    },
  );
});

import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { bindTenantsStores } from '../database/stores';
import { migrateTenantsDatabase } from '../database/TenantsStore';
import { seedInitialTenants } from './initialTenants';
import { TenantsService } from './TenantsService';

const config = new ConfigReader({
  tenants: {
    initialTenants: [
      {
        name: 'acme',
        domain: 'acme.example',
        plan: 'enterprise',
        ownerEmail: 'tina@acme.example',
      },
      {
        name: 'initech',
        domain: 'initech.example',
        plan: 'starter',
        ownerEmail: 'owner@initech.example',
        suspendReason: 'Invoices unpaid',
      },
    ],
  },
});

describe('seedInitialTenants', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    async function setup() {
      const knex = await databases.init(databaseId);
      await migrateTenantsDatabase(knex);
      return new TenantsService({
        stores: bindTenantsStores(knex),
        events: mockServices.events.mock(),
        logger: mockServices.logger.mock(),
        mailer: {
          revealsLinkToInviter: false,
          send: jest.fn(async () => {}),
          sendPasswordReset: jest.fn(async () => {}),
        },
        invitationExpiryMs: 86_400_000,
        acceptUrl: 'https://portal.example/accept',
        // A portal without the apps plugin: no apps serve any tenant.
        applications: { read: async () => undefined, replace: jest.fn() },
        impersonationMaxMinutes: 30,
      });
    }
    const logger = mockServices.logger.mock();

    it('provisions the configured tenants once, on the first start only', async () => {
      const service = await setup();
      expect(await seedInitialTenants(service, config, logger)).toBe(2);
      expect((await service.getTenant('acme')).status).toBe('active');
      expect((await service.getTenant('initech')).status).toBe('suspended');
      // A restart, or a second instance: nothing more.
      expect(await seedInitialTenants(service, config, logger)).toBe(0);
    });

    it('refuses an unknown plan before creating anything', async () => {
      const service = await setup();
      const bad = new ConfigReader({
        tenants: {
          initialTenants: [
            {
              name: 'x',
              domain: 'x.example',
              plan: 'gold',
              ownerEmail: 'a@x.example',
            },
          ],
        },
      });
      await expect(seedInitialTenants(service, bad, logger)).rejects.toThrow(
        /plan "gold" is not one of/,
      );
    });
  });
});

import { mockServices } from '@backstage/backend-test-utils';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { seedTenants } from '../database/seed';
import { bindTenantsStores } from '../database/stores';
import { migrateTenantsDatabase } from '../database/TenantsStore';
import { InvitationMailer } from './InvitationMailer';
import { TenantsService } from './TenantsService';

jest.setTimeout(60_000);

describe('TenantsService', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    async function setup(options: {
      publish: jest.Mock;
      mailer?: InvitationMailer;
    }) {
      const knex = await databases.init(databaseId);
      await migrateTenantsDatabase(knex);
      const service = new TenantsService({
        stores: bindTenantsStores(knex),
        events: mockServices.events.mock({ publish: options.publish }),
        logger: mockServices.logger.mock(),
        mailer: options.mailer ?? {
          revealsLinkToInviter: false,
          send: jest.fn(async () => {}),
          sendPasswordReset: jest.fn(async () => {}),
        },
        invitationExpiryMs: 3 * 86_400_000,
        acceptUrl: 'https://portal.example/accept',
        // A portal without the apps plugin: no apps serve any tenant.
        applications: { read: async () => undefined, replace: jest.fn() },
        impersonationMaxMinutes: 30,
      });
      return { knex, service };
    }

    const input = {
      name: 'outbox',
      domain: 'outbox.example',
      plan: 'free' as const,
      ownerEmail: 'o@outbox.example',
    };

    it('keeps an event that could not be published and publishes it later', async () => {
      const publish = jest.fn().mockRejectedValueOnce(new Error('bus down'));
      const { knex, service } = await setup({ publish });
      await service.provision(input, 'user:default/ada');
      expect(publish).toHaveBeenCalledTimes(1);
      expect(
        await knex('tenants_outbox').whereNull('published_at'),
      ).toHaveLength(1);
      // The scheduled task retries.
      expect(await service.flushEvents()).toBe(1);
      expect(publish).toHaveBeenCalledTimes(2);
      expect(publish).toHaveBeenLastCalledWith({
        topic: 'controlplane.tenants',
        eventPayload: {
          type: 'tenant.provisioned',
          tenant: 'outbox',
          plan: 'free',
          applications: [],
        },
      });
      expect(await service.flushEvents()).toBe(0);
    });

    it('does not reveal the accept link with a real mailer, and sends it to the mailer', async () => {
      const send = jest.fn(async () => {});
      const { service } = await setup({
        publish: jest.fn(),
        mailer: {
          revealsLinkToInviter: false,
          send,
          sendPasswordReset: jest.fn(async () => {}),
        },
      });
      const { result } = await service.provision(input, 'user:default/ada');
      expect(result.invitation.acceptUrl).toBeUndefined();
      expect(send).toHaveBeenCalledWith(
        expect.objectContaining({
          email: 'o@outbox.example',
          role: 'owner',
          acceptUrl: expect.stringMatching(
            /^https:\/\/portal\.example\/accept\?token=/,
          ),
        }),
      );
      // Configured expiry (3 days).
      expect(
        Date.parse(result.invitation.expiresAt) -
          Date.parse(result.invitation.createdAt),
      ).toBe(3 * 86_400_000);
    });

    it('provisions nothing when a part of the transaction fails', async () => {
      const { knex, service } = await setup({ publish: jest.fn() });
      await service.provision(input, 'user:default/ada');
      await expect(
        service.provision({ ...input, name: 'other' }, 'user:default/ada'),
      ).rejects.toThrow(/already used by tenant outbox/);
      expect(await knex('tenants').where({ name: 'other' })).toHaveLength(0);
      expect(await knex('tenant_invitations')).toHaveLength(1);
      expect(await knex('tenants_outbox')).toHaveLength(1);
    });

    it('seeds tenants and users in batches', async () => {
      const knex = await databases.init(databaseId);
      const result = await seedTenants(knex, {
        tenants: 30,
        users: 1200,
        batchSize: 100,
      });
      expect(result).toMatchObject({ tenants: 30, users: 1200 });
      expect(Number((await knex('tenant_users').count({ n: '*' }))[0].n)).toBe(
        1200,
      );
      await expect(seedTenants(knex, { tenants: 1, users: 1 })).rejects.toThrow(
        /seeded/,
      );
    });
  });
});

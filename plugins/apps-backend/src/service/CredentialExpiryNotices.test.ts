import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import {
  createPortalNotifier,
  PortalNotifier,
} from '@controlplane/backend-common';
import { APP_NOTIFICATION_TOPICS } from '@controlplane/plugin-apps-common';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { Knex } from 'knex';
import { migrateAppsDatabase } from '../database/migrations';
import { AppsStores, bindAppsStores } from '../database/stores';
import {
  CredentialExpiryNotices,
  readCredentialExpiryConfig,
} from './CredentialExpiryNotices';
import { createAppsServices } from './services';

jest.setTimeout(60_000);

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** What the notifier handed to Backstage's notifications service. */
interface Sent {
  recipients: { type: string; entityRef: string[] };
  payload: {
    topic: string;
    title: string;
    description: string;
    link: string;
    severity: string;
    scope: string;
  };
}

describe('CredentialExpiryNotices', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let knex: Knex;
    let stores: AppsStores;
    /** The clock of every service here; tests move it. */
    let now: Date;
    let sent: Sent[];
    /** When set, the notifications service fails. */
    let failing: boolean;
    let notifier: PortalNotifier;
    let services: ReturnType<typeof createAppsServices>;

    /** A backend instance's check (each its own object, as after a restart). */
    const instance = (pageSize?: number) =>
      new CredentialExpiryNotices({
        stores,
        notifier,
        days: 7,
        now: () => now,
        pageSize,
      });

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await migrateAppsDatabase(knex);
      stores = bindAppsStores(knex);
    });

    beforeEach(async () => {
      for (const table of [
        'app_credential_expiry_notices',
        'app_credential_usage',
        'app_credentials',
        'app_rate_limits',
        'app_tenants',
        'apps',
      ]) {
        await knex(table).delete();
      }
      now = new Date('2026-03-01T09:00:00.000Z');
      sent = [];
      failing = false;
      notifier = createPortalNotifier({
        notifications: {
          async send(options) {
            if (failing) throw new Error('notifications backend is down');
            sent.push(options as unknown as Sent);
          },
        },
        logger: mockServices.logger.mock(),
      });
      services = createAppsServices({
        stores,
        events: mockServices.events.mock(),
        logger: mockServices.logger.mock(),
        secretHashKey: Buffer.alloc(32, 1),
        now: () => now,
      });
    });

    async function app(name: string, owner = 'group:default/team-apps') {
      return (
        await services.apps.register(
          { name, environment: 'production', owner, tenants: ['acme'] },
          'user:default/ada',
        )
      ).result;
    }

    async function key(
      owner: Awaited<ReturnType<typeof app>>,
      name: string,
      expiresInMs?: number,
    ) {
      return (
        await services.credentials.issue(
          owner,
          {
            name,
            scopes: ['flags:read'],
            ...(expiresInMs !== undefined
              ? {
                  expiresAt: new Date(
                    now.getTime() + expiresInMs,
                  ).toISOString(),
                }
              : {}),
          },
          'user:default/ada',
        )
      ).result.credential;
    }

    it('tells the owner once per key expiring within 7 days; not for revoked, expired, later or unexpiring keys', async () => {
      const billing = await app('billing-sync');
      const soon = await key(billing, 'soon', 3 * DAY);
      const edge = await key(billing, 'edge', 7 * DAY);
      const later = await key(billing, 'later', 7 * DAY + 3 * HOUR);
      const revoked = await key(billing, 'revoked', 2 * DAY);
      await services.credentials.revoke(revoked, billing, 'user:default/ada');
      await key(billing, 'expired', HOUR);
      await key(billing, 'forever');
      // Two hours on: "expired" has expired.
      now = new Date(now.getTime() + 2 * HOUR);

      expect(await instance().run()).toBe(2);
      expect(sent).toEqual([
        {
          recipients: {
            type: 'entity',
            entityRef: ['group:default/team-apps'],
          },
          payload: {
            topic: APP_NOTIFICATION_TOPICS.credentialExpiring,
            title: 'API key soon of billing-sync expires in 3 days',
            description: expect.stringContaining(
              `It expires at ${soon.expiresAt}`,
            ),
            link: `/apps/${billing.id}`,
            severity: 'high',
            scope: `credential-expiring:${soon.id}`,
          },
        },
        expect.objectContaining({
          payload: expect.objectContaining({
            title: 'API key edge of billing-sync expires in 7 days',
            scope: `credential-expiring:${edge.id}`,
          }),
        }),
      ]);

      // The same run again, and a restarted instance: nothing more.
      expect(await instance().run()).toBe(0);
      expect(await instance().run()).toBe(0);
      expect(sent).toHaveLength(2);

      // A day later "later" is within 7 days: its notice only.
      now = new Date(now.getTime() + DAY);
      expect(await instance().run()).toBe(1);
      expect(sent[2].payload).toMatchObject({
        title: 'API key later of billing-sync expires in 7 days',
        scope: `credential-expiring:${later.id}`,
      });
      // Every day after: nothing again, also once keys have expired.
      for (let day = 1; day <= 8; day += 1) {
        now = new Date(now.getTime() + DAY);
        expect(await instance().run()).toBe(0);
      }
      expect(sent).toHaveLength(3);
      expect(
        await knex('app_credential_expiry_notices').orderBy('credential_id'),
      ).toHaveLength(3);
    });

    it('sends each notice once when two instances run the check at the same moment', async () => {
      const crm = await app('crm-connector', 'user:default/devon');
      const keys: Array<Awaited<ReturnType<typeof key>>> = [];
      for (let i = 0; i < 12; i += 1) {
        keys.push(await key(crm, `key-${i}`, DAY + i * HOUR));
      }
      // Small pages, so the two interleave over several queries.
      const counts = await Promise.all([instance(5).run(), instance(5).run()]);
      expect(counts[0] + counts[1]).toBe(12);
      expect(sent).toHaveLength(12);
      expect(new Set(sent.map(n => n.payload.scope))).toEqual(
        new Set(keys.map(k => `credential-expiring:${k.id}`)),
      );
      expect(sent[0].recipients.entityRef).toEqual(['user:default/devon']);
    });

    it('retries a notice that could not be sent at the next run', async () => {
      const analytics = await app('analytics-portal');
      await key(analytics, 'flaky', 2 * DAY);
      failing = true;
      expect(await instance().run()).toBe(0);
      expect(await knex('app_credential_expiry_notices')).toHaveLength(0);
      failing = false;
      now = new Date(now.getTime() + DAY);
      expect(await instance().run()).toBe(1);
      expect(sent[0].payload.title).toBe(
        'API key flaky of analytics-portal expires in 1 day',
      );
      expect(await instance().run()).toBe(0);
    });
  });

  it('reads its settings: 7 days and once a day by default, or as configured', () => {
    expect(readCredentialExpiryConfig(new ConfigReader({}))).toEqual({
      days: 7,
      schedule: {
        frequency: { hours: 24 },
        timeout: { minutes: 10 },
        initialDelay: { minutes: 1 },
      },
    });
    expect(
      readCredentialExpiryConfig(
        new ConfigReader({
          apps: {
            credentialExpiry: {
              noticeDays: 14,
              schedule: { frequency: { hours: 6 }, timeout: { minutes: 2 } },
            },
          },
        }),
      ),
    ).toMatchObject({
      days: 14,
      schedule: { frequency: { hours: 6 }, timeout: { minutes: 2 } },
    });
    expect(() =>
      readCredentialExpiryConfig(
        new ConfigReader({ apps: { credentialExpiry: { noticeDays: 0 } } }),
      ),
    ).toThrow(/noticeDays/);
  });
});

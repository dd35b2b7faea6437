import { createPortalTestDatabases } from '@controlplane/test-utils';
import { bindTenantsStores, TenantsStores } from '../database/stores';
import { cleanSigninRecords } from './cleanSigninRecords';
import { migrateTenantsDatabase } from '../database/TenantsStore';
import { DEFAULT_THROTTLE_POLICY, SigninThrottle } from './SigninThrottle';

/**
 * The throttle of failed sign-ins, with a clock the test moves: backoff,
 * lockout and its expiry, the window, concurrent failures, a good sign-in.
 */
describe('SigninThrottle', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let time: number;
    let throttle: SigninThrottle;
    let stores: TenantsStores;
    const later = (seconds: number) => {
      time += seconds * 1000;
    };

    beforeEach(async () => {
      const knex = await databases.init(databaseId);
      await migrateTenantsDatabase(knex);
      time = Date.parse('2026-12-06T10:00:00.000Z');
      stores = bindTenantsStores(knex);
      throttle = new SigninThrottle({
        store: stores.signin,
        now: () => new Date(time),
      });
    });

    const ana = { email: 'ana@acme.example', ip: '203.0.113.7' };

    it('lets the first failures through, then doubles the wait', async () => {
      for (
        let i = 0;
        i < DEFAULT_THROTTLE_POLICY.accountFreeFailures - 1;
        i++
      ) {
        await throttle.failed(ana);
        expect(await throttle.blocked(ana)).toBeUndefined();
      }
      await throttle.failed(ana);
      expect(await throttle.blocked(ana)).toEqual({
        kind: 'slowed',
        retryAfterSeconds: 1,
      });
      later(1);
      expect(await throttle.blocked(ana)).toBeUndefined();
      await throttle.failed(ana);
      expect(await throttle.blocked(ana)).toEqual({
        kind: 'slowed',
        retryAfterSeconds: 2,
      });
      later(2);
      await throttle.failed(ana);
      expect((await throttle.blocked(ana))?.retryAfterSeconds).toBe(4);
    });

    it('locks the account after the lockout count, until the lockout ends', async () => {
      const outcomes = [];
      for (let i = 0; i < DEFAULT_THROTTLE_POLICY.accountLockoutFailures; i++) {
        outcomes.push((await throttle.failed(ana)).lockedOut);
      }
      // Exactly the failure that locked it says so (one audit record).
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect(outcomes[outcomes.length - 1]).toBe(true);
      expect(await throttle.blocked(ana)).toEqual({
        kind: 'locked',
        retryAfterSeconds: DEFAULT_THROTTLE_POLICY.lockoutSeconds,
      });
      // The same account from another address is locked too.
      expect(
        (await throttle.blocked({ ...ana, ip: '198.51.100.1' }))?.kind,
      ).toBe('locked');
      later(DEFAULT_THROTTLE_POLICY.lockoutSeconds - 1);
      expect(await throttle.blocked(ana)).toBeDefined();
      later(1);
      expect(await throttle.blocked(ana)).toBeUndefined();
    });

    it('keeps a lockout through the clean-up until it ended a day ago, and known devices for 90 days', async () => {
      for (let i = 0; i < DEFAULT_THROTTLE_POLICY.accountLockoutFailures; i++) {
        await throttle.failed(ana);
      }
      await stores.mfa.rememberDevice(
        'user-1',
        'device-1',
        new Date(time).toISOString(),
      );
      const clean = async () => cleanSigninRecords(stores, new Date(time));
      const account = `account:${ana.email}`;
      later(86_400 + 60);
      // The address's short wait ended long ago; the account's lockout
      // ended less than a day ago.
      expect((await clean()).throttles).toBe(1);
      later(DEFAULT_THROTTLE_POLICY.lockoutSeconds);
      expect((await clean()).throttles).toBe(1);
      expect(await stores.signin.throttles([account])).toEqual([]);
      expect(await stores.mfa.isKnownDevice('user-1', 'device-1')).toBe(true);
      later(90 * 86_400);
      expect((await clean()).devices).toBe(1);
      expect(await stores.mfa.isKnownDevice('user-1', 'device-1')).toBe(false);
    });

    it('counts failures at the same moment, each one', async () => {
      await Promise.all(
        Array.from(
          { length: DEFAULT_THROTTLE_POLICY.accountLockoutFailures },
          () => throttle.failed(ana),
        ),
      );
      expect((await throttle.blocked(ana))?.kind).toBe('locked');
    });

    it('forgets failures older than the window, and after a good sign-in', async () => {
      await throttle.failed(ana);
      await throttle.failed(ana);
      later(DEFAULT_THROTTLE_POLICY.windowSeconds + 1);
      await throttle.failed(ana);
      await throttle.failed(ana);
      // Two in this window: still free.
      expect(await throttle.blocked(ana)).toBeUndefined();
      await throttle.succeeded(ana);
      await throttle.failed(ana);
      await throttle.failed(ana);
      expect(await throttle.blocked(ana)).toBeUndefined();
    });

    it('locks an address that tries many accounts', async () => {
      for (let i = 0; i < DEFAULT_THROTTLE_POLICY.addressLockoutFailures; i++) {
        await throttle.failed({ email: `user${i}@acme.example`, ip: ana.ip });
      }
      const fresh = { email: 'fresh@acme.example', ip: ana.ip };
      expect((await throttle.blocked(fresh))?.kind).toBe('locked');
      expect(
        await throttle.blocked({ email: fresh.email, ip: '198.51.100.1' }),
      ).toBeUndefined();
    });
  });
});

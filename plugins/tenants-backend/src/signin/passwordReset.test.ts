import { mockServices } from '@backstage/backend-test-utils';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startTenantsBackend } from '../__testUtils__/harness';
import { GOOD_PASSWORD, signinFixtures } from '../__testUtils__/signin';
import { RESET_REQUESTED } from './PasswordResets';

jest.setTimeout(60_000);

/**
 * Password reset by e-mail over real HTTP (FR-AUTH-004): the same answer
 * for every address, the link in the (local) mail, single use, the policy,
 * every session ended.
 */
describe('tenant user password reset', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let ctx: Awaited<ReturnType<typeof startTenantsBackend>>;
    const fixtures = signinFixtures(() => ctx.server);
    const { api } = fixtures;
    // The local mailer writes reset links to the log: read them there.
    const logged: string[] = [];
    const logger = mockServices.rootLogger.mock({
      child: () => logger as any,
      info: jest.fn((message: string) => {
        logged.push(message);
      }) as any,
    });

    beforeAll(async () => {
      ctx = await startTenantsBackend(databases, databaseId, {}, [
        logger.factory,
      ]);
      await fixtures.provision('acme');
    });
    afterAll(async () => {
      await ctx?.backend.stop();
    });

    const requestReset = (email: string) =>
      api().post('/api/tenants/auth/password/reset-request').send({ email });
    /** The token of the newest reset link mailed to `email`. */
    const mailedToken = async (email: string) => {
      const line = [...logged]
        .reverse()
        .find(message => message.startsWith(`Password reset for ${email} `));
      if (!line) throw new Error(`No reset mail for ${email}`);
      return new URL(line.split(': ').pop()!).searchParams.get('token')!;
    };
    const reset = (token: string, newPassword: string) =>
      api()
        .post('/api/tenants/auth/password/reset')
        .send({ token, newPassword });
    const login = (email: string, password: string) =>
      api().post('/api/tenants/auth/login').send({ email, password });

    it('answers the same for an unknown address and sends nothing', async () => {
      const known = await fixtures.userWithPassword('acme');
      const unknown = await requestReset('nobody@acme.example');
      const existing = await requestReset(known.email);
      expect(unknown.status).toBe(202);
      expect(existing.status).toBe(202);
      expect(unknown.body).toEqual({ message: RESET_REQUESTED });
      expect(existing.body).toEqual(unknown.body);
      await expect(mailedToken('nobody@acme.example')).rejects.toThrow();
      expect(await mailedToken(known.email)).toHaveLength(43);
    });

    it('sets a new password once with the link, ends every session, keeps the policy', async () => {
      const { email } = await fixtures.userWithPassword('acme');
      const session = (await login(email, GOOD_PASSWORD)).body;
      expect((await requestReset(email)).status).toBe(202);
      const token = await mailedToken(email);

      const weak = await reset(token, 'weak');
      expect(weak.status).toBe(400);
      expect(weak.body.error.message).toMatch(/policy/);
      const same = await reset(token, GOOD_PASSWORD);
      expect(same.status).toBe(400);

      const done = await reset(token, 'Brand-New-Passw0rd');
      expect(done.status).toBe(200);
      expect(done.body).toEqual({ sessionsRevoked: 1 });
      const replay = await reset(token, 'Another-New-Passw0rd');
      expect(replay.status).toBe(400);
      expect(replay.body.error.message).toMatch(/already used or has expired/);

      expect(
        (
          await api()
            .post('/api/tenants/auth/token')
            .send({ refresh_token: session.refresh_token })
        ).status,
      ).toBe(401);
      expect((await login(email, GOOD_PASSWORD)).status).toBe(401);
      expect((await login(email, 'Brand-New-Passw0rd')).status).toBe(200);
    });

    it('lets only the newest link work, and refuses an expired one', async () => {
      const { email, id } = await fixtures.userWithPassword('acme');
      await requestReset(email);
      const first = await mailedToken(email);
      // A second request within a minute sends nothing new.
      await requestReset(email);
      expect(await mailedToken(email)).toBe(first);
      // A minute later the new link replaces the old one.
      await ctx
        .knex('tenant_password_resets')
        .where({ user_id: id })
        .update({ created_at: new Date(Date.now() - 120_000).toISOString() });
      await requestReset(email);
      const second = await mailedToken(email);
      expect(second).not.toBe(first);
      expect((await reset(first, 'Brand-New-Passw0rd')).status).toBe(400);

      await ctx
        .knex('tenant_password_resets')
        .where({ user_id: id })
        .update({ expires_at: new Date(Date.now() - 1000).toISOString() });
      expect((await reset(second, 'Brand-New-Passw0rd')).status).toBe(400);
      expect((await login(email, GOOD_PASSWORD)).status).toBe(200);
    });
  });
});

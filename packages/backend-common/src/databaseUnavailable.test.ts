import { InputError, NotFoundError } from '@backstage/errors';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import knexFactory from 'knex';
import { isDatabaseUnavailableError } from './databaseUnavailable';

// Fails the run when PostgreSQL is required but not configured.
const databases = createPortalTestDatabases();
const onPostgres = databases.supports('POSTGRES_15') ? describe : describe.skip;
// These tests need a connection of their own, not a migrated test database.
const postgresUrl =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

async function errorOf(work: () => Promise<unknown>): Promise<unknown> {
  return work().then(
    () => undefined,
    error => error,
  );
}

describe('isDatabaseUnavailableError', () => {
  it('recognises a database nobody answers on (knex acquire error)', async () => {
    // Port 9 (discard) has no PostgreSQL on this machine.
    const warnings: string[] = [];
    const knex = knexFactory({
      client: 'pg',
      connection: 'postgresql://postgres@127.0.0.1:9/none',
      acquireConnectionTimeout: 1000,
      // knex reports each failed attempt; kept here, not on the console.
      log: { warn: (message: string) => warnings.push(message) },
    });
    try {
      const error = await errorOf(() => knex.raw('select 1'));
      expect(error).toBeDefined();
      expect(isDatabaseUnavailableError(error)).toBe(true);
      expect(warnings.join('\n')).toMatch(/Acquire connection error/);
    } finally {
      await knex.destroy();
    }
  });

  onPostgres('on PostgreSQL', () => {
    it('recognises a session the server ended, not query errors', async () => {
      const knex = knexFactory({
        client: 'pg',
        connection: postgresUrl,
        pool: { min: 1, max: 1 },
      });
      const admin = knexFactory({ client: 'pg', connection: postgresUrl });
      try {
        const [{ pid }] = (await knex.raw('select pg_backend_pid() as pid'))
          .rows;
        const sleeping = errorOf(() => knex.raw('select pg_sleep(30)'));
        await admin.raw(
          'select pg_terminate_backend(?) from pg_stat_activity where pid = ? and state = ?',
          [pid, pid, 'active'],
        );
        // Terminated while running (57P01) or just before (connection ended).
        let ended = await sleeping;
        for (let i = 0; ended === undefined && i < 50; i++) {
          await admin.raw('select pg_terminate_backend(?)', [pid]);
          ended = await errorOf(() => knex.raw('select 1'));
        }
        expect(isDatabaseUnavailableError(ended)).toBe(true);

        const syntax = await errorOf(() => admin.raw('selec 1'));
        expect(isDatabaseUnavailableError(syntax)).toBe(false);
        const division = await errorOf(() => admin.raw('select 1/0'));
        expect(isDatabaseUnavailableError(division)).toBe(false);
      } finally {
        await knex.destroy();
        await admin.destroy();
      }
    });
  });

  it('looks through causes and ignores ordinary errors', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
    });
    expect(
      isDatabaseUnavailableError(new Error('wrapped', { cause: refused })),
    ).toBe(true);
    expect(isDatabaseUnavailableError({ code: '57P01' })).toBe(true);
    expect(isDatabaseUnavailableError({ code: '23505' })).toBe(false);
    expect(isDatabaseUnavailableError(new InputError('bad'))).toBe(false);
    expect(isDatabaseUnavailableError(new NotFoundError('gone'))).toBe(false);
    expect(isDatabaseUnavailableError(undefined)).toBe(false);
    expect(isDatabaseUnavailableError('ECONNREFUSED')).toBe(false);
  });
});

import { randomUUID } from 'node:crypto';
import { ConfigReader } from '@backstage/config';
import {
  createPortalTestDatabases,
  eventually,
} from '@controlplane/test-utils';
import { acquireStartupLock } from './startupLock';

// Fails the run when PostgreSQL is required but not configured.
const databases = createPortalTestDatabases();
const onPostgres = databases.supports('POSTGRES_15') ? describe : describe.skip;
// These tests need a connection of their own, not a migrated test database.
const postgresUrl =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

onPostgres('the startup lock on PostgreSQL', () => {
  const config = new ConfigReader({
    backend: { database: { client: 'pg', connection: postgresUrl } },
  });

  it('lets one instance start at a time', async () => {
    const lockName = `test-${randomUUID()}`;
    const releaseFirst = await acquireStartupLock(config, { lockName });
    const told: string[] = [];
    let secondHolds = false;
    const second = acquireStartupLock(config, {
      lockName,
      onWait: message => told.push(message),
    }).then(release => {
      secondHolds = true;
      return release;
    });
    await eventually(async () => expect(told).toHaveLength(1));
    expect(told[0]).toMatch(/Another backend instance is starting/);
    expect(secondHolds).toBe(false);

    await releaseFirst();
    const releaseSecond = await second;
    expect(secondHolds).toBe(true);
    await releaseSecond();
    // Free again.
    await (
      await acquireStartupLock(config, { lockName })
    )();
  });

  it('gives up with a clear error after the wait limit', async () => {
    const lockName = `test-${randomUUID()}`;
    const release = await acquireStartupLock(config, { lockName });
    try {
      await expect(
        acquireStartupLock(config, { lockName, waitMs: 200 }),
      ).rejects.toThrow(/Could not take the startup lock/);
    } finally {
      await release();
    }
  });
});

describe('the startup lock on SQLite', () => {
  it('is not needed: one process owns the files', async () => {
    const release = await acquireStartupLock(
      new ConfigReader({
        backend: {
          database: { client: 'better-sqlite3', connection: ':memory:' },
        },
      }),
    );
    await expect(release()).resolves.toBeUndefined();
  });
});

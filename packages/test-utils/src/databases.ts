import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/**
 * The database engines every database test runs on: the embedded SQLite of
 * local use and the PostgreSQL of production. PostgreSQL comes from
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (set by
 * `bin/portal test`; any PostgreSQL version works, "15" is only a label).
 */
export const PORTAL_TEST_DATABASE_IDS: TestDatabaseId[] = [
  'SQLITE_3',
  'POSTGRES_15',
];

/**
 * Creates the TestDatabases for a test file. When PORTAL_REQUIRE_POSTGRES is
 * set (the README's test command sets it), a missing PostgreSQL fails the
 * run instead of silently testing SQLite only.
 */
export function createPortalTestDatabases(): TestDatabases {
  const databases = TestDatabases.create({ ids: PORTAL_TEST_DATABASE_IDS });
  if (
    process.env.PORTAL_REQUIRE_POSTGRES &&
    !databases.supports('POSTGRES_15')
  ) {
    throw new Error(
      'PostgreSQL is required for this test run: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING',
    );
  }
  return databases;
}

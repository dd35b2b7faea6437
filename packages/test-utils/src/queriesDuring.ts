import { Knex } from 'knex';

/**
 * Runs `work` and answers the SQL statements `knex` sent meanwhile, with
 * the work's result: for tests that prove a query count does not grow with
 * the data (no N+1).
 */
export async function queriesDuring<T>(
  knex: Knex,
  work: () => Promise<T>,
): Promise<{ queries: string[]; result: T }> {
  const queries: string[] = [];
  const listener = (query: { sql: string }) => queries.push(query.sql);
  knex.on('query', listener);
  try {
    const result = await work();
    return { queries, result };
  } finally {
    knex.off('query', listener);
  }
}

import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/** Whether a knex client talks to PostgreSQL (else SQLite). */
export function isPostgres(db: Knex): boolean {
  return /^(pg|postgres)/.test(String(db.client.config.client));
}

/**
 * The base of every store: the connection (or transaction) its SQL runs on
 * and the few differences between PostgreSQL and SQLite.
 */
export abstract class KnexStore {
  constructor(
    /** The connection, or the transaction, this store's queries run on. */
    readonly db: Knex,
  ) {}

  /** Whether {@link KnexStore.db} talks to PostgreSQL (else SQLite). */
  get isPostgres(): boolean {
    return isPostgres(this.db);
  }

  /**
   * The query with a row lock on PostgreSQL, inside a transaction. SQLite
   * serializes writing transactions, so there it is the query itself.
   */
  protected forUpdate<Q extends Knex.QueryBuilder>(query: Q): Q {
    return this.isPostgres ? (query.forUpdate() as Q) : query;
  }
}

/**
 * A plugin's stores on one connection, plus `transaction`, which hands the
 * same stores bound to one transaction, so a change across several stores is
 * atomic without a service ever building a store itself.
 */
export type Stores<S> = S & {
  readonly db: Knex;
  transaction<T>(
    work: (stores: Stores<S>) => Promise<T>,
    config?: Knex.TransactionConfig,
  ): Promise<T>;
};

/** `bind(db)`'s stores, with `transaction` (see {@link Stores}). */
export function bindStores<S extends object>(
  db: Knex,
  bind: (db: Knex) => S,
): Stores<S> {
  return {
    ...bind(db),
    db,
    transaction: (work, config) =>
      db.transaction(trx => work(bindStores(trx, bind)), config),
  };
}

/**
 * Connects a plugin to its own database, runs its migrations (unless the
 * backend is configured to skip them) and binds its stores.
 */
export async function connectStores<S extends object>(options: {
  database: DatabaseService;
  migrate: (db: Knex) => Promise<void>;
  bind: (db: Knex) => S;
}): Promise<Stores<S>> {
  const db = await options.database.getClient();
  if (!options.database.migrations?.skip) await options.migrate(db);
  return bindStores(db, options.bind);
}

/**
 * Whether a failed insert or update broke a unique constraint (PostgreSQL's
 * 23505, SQLite's SQLITE_CONSTRAINT_UNIQUE): two requests racing for the same
 * name, which the caller answers with a 409.
 */
export function isUniqueViolation(error: unknown): boolean {
  const { code, message } = (error ?? {}) as {
    code?: unknown;
    message?: unknown;
  };
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    (typeof message === 'string' &&
      message.includes('UNIQUE constraint failed'))
  );
}

/** A timestamp as read back: a Date on PostgreSQL, the ISO string written on SQLite. */
export type DbTime = Date | string;

/** A timestamp read back from either database, as ISO 8601 UTC. */
export function toIso(value: DbTime): string {
  return new Date(value).toISOString();
}

/** A timestamp column that may be null, as ISO 8601 UTC or null. */
export function toIsoOrNull(value: DbTime | null | undefined): string | null {
  return value === null || value === undefined ? null : toIso(value);
}

/*
 * Helpers the benchmarks share: sizes from the environment, a silent logger,
 * nearest-rank percentiles and a fresh throw-away database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import knexFactory, { Knex } from 'knex';

/** A positive integer from the environment variable `name`, or `fallback`. */
export function envInt(name: string, fallback: number): number {
  const value = process.env[name] ? Number(process.env[name]) : fallback;
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer`);
  }
  return value;
}

/** A logger that drops everything, so only the numbers are printed. */
export const silentLogger: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child() {
    return silentLogger;
  },
};

/** The nearest-rank percentile `p` (0-100) of ascending `sorted` values. */
export function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface BenchDatabase {
  knex: Knex;
  label: string;
  cleanup: () => Promise<void>;
}

/**
 * A fresh PostgreSQL database named `<prefix>_<pid>_<time>`, reached through
 * the environment variable `connectionEnv`, the test database's connection
 * string or a local server. When PostgreSQL is unreachable, an SQLite file
 * named `<prefix>.sqlite` if `sqliteFallback`, else the error.
 */
export async function openBenchDatabase(options: {
  prefix: string;
  connectionEnv: string;
  sqliteFallback?: boolean;
}): Promise<BenchDatabase> {
  const { prefix, connectionEnv } = options;
  const connection =
    process.env[connectionEnv] ??
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
    'postgresql://postgres@127.0.0.1:5432';
  const name = `${prefix}_bench_${process.pid}_${Date.now()}`;
  const admin = knexFactory({
    client: 'pg',
    connection,
    pool: { min: 0, max: 1 },
  });
  try {
    await admin.raw(`CREATE DATABASE ${name}`);
    const url = new URL(connection);
    url.pathname = `/${name}`;
    const knex = knexFactory({ client: 'pg', connection: url.toString() });
    const version = (await knex.raw('show server_version')).rows[0]
      .server_version;
    return {
      knex,
      label: `PostgreSQL ${version} (${url.host})`,
      cleanup: async () => {
        await knex.destroy();
        await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
        await admin.destroy();
      },
    };
  } catch (error) {
    await admin.destroy();
    if (!options.sqliteFallback) throw error;
    const dir = mkdtempSync(join(tmpdir(), `${prefix}-bench-`));
    console.log(
      `PostgreSQL not reachable (${(error as Error).message}); using SQLite`,
    );
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(dir, `${prefix}.sqlite`) },
      useNullAsDefault: true,
    });
    return {
      knex,
      label: 'SQLite (better-sqlite3, file)',
      cleanup: async () => {
        await knex.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

/**
 * Fills billing's running totals (per period and per day) from hourly
 * aggregates a benchmark wrote with SQL, of `tenant` or of every tenant, as
 * ingestion would have kept them (PostgreSQL).
 */
export async function addBillingRollups(
  db: Knex,
  tenant?: string,
): Promise<void> {
  const where = tenant ? 'WHERE tenant = ?' : '';
  const bindings = tenant ? [tenant] : [];
  await db.raw(
    `INSERT INTO billing_usage_totals (period, tenant, type, model, quantity, events)
     SELECT period, tenant, type, model, sum(quantity), sum(events)
     FROM billing_usage_hourly ${where} GROUP BY 1, 2, 3, 4`,
    bindings,
  );
  await db.raw(
    `INSERT INTO billing_usage_daily (type, day, tenant, quantity, events)
     SELECT type, date_trunc('day', hour, 'UTC'), tenant, sum(quantity), sum(events)
     FROM billing_usage_hourly ${where} GROUP BY 1, 2, 3`,
    bindings,
  );
}

/** A small deterministic PRNG (mulberry32), so every run uses the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

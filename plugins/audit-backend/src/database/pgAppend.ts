import { AuditEventInput, Sha256 } from '@controlplane/plugin-audit-common';
import { isPostgres } from '@controlplane/backend-common';
import { Knex } from 'knex';
import {
  chainBatch,
  ChainedBatch,
  EVENT_COLUMNS,
  eventKey,
  PreparedEvent,
} from './appendBatch';

/**
 * (source, eventId) → id of the stored events among `events`, in one query
 * (a few on SQLite, whose statements take at most 999 values).
 */
export async function existingEventIds(
  db: Knex | Knex.Transaction,
  events: AuditEventInput[],
): Promise<Map<string, string>> {
  const pairs = new Map<string, [string, string]>();
  for (const event of events) {
    if (event.eventId) {
      pairs.set(eventKey(event.source, event.eventId), [
        event.source,
        event.eventId,
      ]);
    }
  }
  const all = [...pairs.values()];
  const chunk = isPostgres(db) ? 10_000 : 400;
  const found = new Map<string, string>();
  for (let i = 0; i < all.length; i += chunk) {
    const rows: Array<{ source: string; event_id: string; id: string }> =
      await db('audit_events')
        .select('source', 'event_id', 'id')
        .whereIn(['source', 'event_id'], all.slice(i, i + chunk));
    for (const row of rows) {
      found.set(eventKey(row.source, row.event_id), row.id);
    }
  }
  return found;
}

/** The connection of knex's pool, as this module uses it (node-postgres). */
interface PgConnection {
  query(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: Array<Record<string, any>> }>;
  __knex__disposed?: unknown;
}

interface PoolClient {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<void>;
}

/** The checkpoint columns, in the order checkpointRow's values are sent. */
const CHECKPOINT_COLUMNS = [
  'seq',
  'hash',
  'signature',
  'key_id',
  'public_key',
  'kind',
  'created_at',
] as const;

type CheckpointRow = Record<(typeof CHECKPOINT_COLUMNS)[number], unknown>;

const pgType = (column: string) => {
  if (column === 'seq') return 'bigint[]';
  if (column === 'timestamp' || column === 'created_at') {
    return 'timestamptz[]';
  }
  return 'text[]';
};

/** `INSERT INTO table (...) SELECT * FROM unnest($n, ...)` from `first`. */
function insertFromArrays(
  table: string,
  columns: readonly string[],
  first: number,
): string {
  const names = columns.map(column => `"${column}"`).join(', ');
  const arrays = columns
    .map((column, i) => `$${first + i}::${pgType(column)}`)
    .join(', ');
  return `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays}) WHERE EXISTS (SELECT 1 FROM head)`;
}

const columnsOf = <T>(rows: T[], columns: readonly (keyof T)[]) =>
  columns.map(column => rows.map(row => row[column]));

/**
 * PostgreSQL: places the batch after the head as read, then writes it in
 * one statement that moves the head only if it is still the one read
 * (compare-and-set on last_seq and last_hash) and inserts the records and
 * checkpoints only then: two round trips, nothing held while hashing. With
 * `lock`, the same inside a transaction that holds the head row lock from
 * the read on (what a writer that just lost a race does, so it waits its
 * turn instead of racing again). Returns undefined when another writer
 * moved the head first, or stored one of the events after it was checked
 * (the unique index refuses it): the caller places the batch again.
 */
export async function appendAtHead(
  knex: Knex,
  prepared: PreparedEvent[],
  options: {
    sha: Sha256;
    checkpointInterval: number;
    checkpointRow: (seq: number, hash: string) => CheckpointRow;
    lock: boolean;
  },
): Promise<ChainedBatch | undefined> {
  const pool = knex.client as unknown as PoolClient;
  const connection = await pool.acquireConnection();
  const { lock } = options;
  let open = false;
  try {
    if (lock) {
      await connection.query('BEGIN');
      open = true;
    }
    const keyed = prepared.filter(item => item.event.eventId);
    // The head and the stored duplicates in one round trip.
    const read = await connection.query(
      `SELECT h.last_seq, h.last_hash,
        (SELECT coalesce(json_agg(json_build_array(e.source, e.event_id, e.id)), '[]'::json)
           FROM unnest($1::text[], $2::text[]) AS k(source, event_id)
           JOIN audit_events e ON e.source = k.source AND e.event_id = k.event_id
        ) AS stored
       FROM audit_head h WHERE h.id = 1${lock ? ' FOR UPDATE OF h' : ''}`,
      [
        keyed.map(item => item.event.source),
        keyed.map(item => item.event.eventId),
      ],
    );
    const head = read.rows[0] as {
      last_seq: string;
      last_hash: string;
      stored: Array<[string, string, string]>;
    };
    const existing = new Map<string, string>(
      head.stored.map(([source, eventId, id]) => [
        eventKey(source, eventId),
        id,
      ]),
    );
    const batch = chainBatch(
      prepared,
      existing,
      { seq: Number(head.last_seq), hash: head.last_hash },
      options.sha,
      options.checkpointInterval,
    );
    let moved = true;
    if (batch.rows.length > 0) {
      const { sql, values } = writeStatement(
        batch,
        head,
        batch.checkpoints.map(({ seq, hash }) =>
          options.checkpointRow(seq, hash),
        ),
      );
      moved = (await connection.query(sql, values)).rows[0].moved === 1;
    }
    if (open) {
      await connection.query('COMMIT');
      open = false;
    }
    return moved ? batch : undefined;
  } catch (error) {
    if (open) {
      await connection.query('ROLLBACK').catch(rollbackError => {
        connection.__knex__disposed = rollbackError;
      });
    }
    // Another writer stored one of these events after they were checked.
    if ((error as { code?: string }).code === '23505') return undefined;
    throw error;
  } finally {
    await pool.releaseConnection(connection);
  }
}

/** The compare-and-set of the head with the inserts of the batch. */
function writeStatement(
  batch: ChainedBatch,
  head: { last_seq: unknown; last_hash: unknown },
  checkpoints: CheckpointRow[],
): { sql: string; values: unknown[] } {
  const parts = [
    `WITH head AS (
      UPDATE audit_head SET last_seq = $1, last_hash = $2
      WHERE id = 1 AND last_seq = $3 AND last_hash = $4 RETURNING id
    ), events AS (${insertFromArrays('audit_events', EVENT_COLUMNS, 5)})`,
  ];
  const values: unknown[] = [
    batch.lastSeq,
    batch.lastHash,
    head.last_seq,
    head.last_hash,
    ...columnsOf(batch.rows, EVENT_COLUMNS),
  ];
  if (checkpoints.length > 0) {
    parts.push(
      `, checkpoints AS (${insertFromArrays(
        'audit_checkpoints',
        CHECKPOINT_COLUMNS,
        values.length + 1,
      )})`,
    );
    values.push(...columnsOf(checkpoints, CHECKPOINT_COLUMNS));
  }
  parts.push(' SELECT count(*)::int AS moved FROM head');
  return { sql: parts.join(''), values };
}

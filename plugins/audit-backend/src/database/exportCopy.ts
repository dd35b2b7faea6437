import { Knex } from 'knex';
import { Readable } from 'node:stream';
import { to as copyTo } from 'pg-copy-streams';
import { BinaryCopyReader } from './copyFrames';
import { ExportRowWriter, exportSelectColumns } from './exportRows';

/**
 * The export on PostgreSQL: one `COPY (SELECT <the exported columns> ...
 * ORDER BY seq) TO STDOUT WITH (FORMAT binary)`, its rows formatted here
 * byte by byte (ExportRowWriter) into exactly what the portable, paged
 * export writes. One statement is one snapshot: the rows and the trailer's
 * last row agree, whatever is appended meanwhile.
 *
 * Metadata is written through as stored: text the store wrote is canonical
 * JSON, which is what the paged export writes too (for JSON rows whose
 * metadata has integer-like keys it is re-serialized, as JSON.stringify
 * orders those keys first). Only metadata altered in the database can
 * differ: the paged export writes its canonical form, this one the text;
 * the verifier canonicalizes metadata before hashing, so both verify alike.
 */

/** Formatted bytes that are written out at once. */
const FLUSH_AT = 768 * 1024;

/** The connection of knex's pool, as this module uses it (node-postgres). */
interface PgConnection {
  query<T>(submittable: T): T;
  query(text: string): Promise<unknown>;
  escapeLiteral(text: string): string;
  connection?: { stream?: { destroy(): void } };
  __knex__disposed?: unknown;
}

interface PoolClient {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<void>;
  /** `pg_cancel_backend` of the connection's server process. */
  cancelQuery(connection: PgConnection): Promise<unknown>;
}

/** How long a cancelled COPY may take to stop before its connection is closed. */
const CANCEL_WAIT_MS = 10_000;

/**
 * The SQL with its `$n` bindings written as literals: COPY takes no
 * parameters. Only the values of the export's filters reach here (text and
 * numbers); strings are quoted by the driver's `escapeLiteral`.
 */
export function inlineBindings(
  sql: string,
  bindings: readonly unknown[],
  escapeLiteral: (text: string) => string,
): string {
  return sql.replace(/\$(\d+)/g, (_match, index: string) => {
    const value = bindings[Number(index) - 1];
    if (typeof value === 'number' && Number.isFinite(value)) {
      return String(value);
    }
    if (typeof value === 'string') return escapeLiteral(value);
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    throw new Error(`Cannot write the binding ${index} of a COPY as SQL`);
  });
}

export interface CopyExportOptions {
  format: 'csv' | 'json';
  includeDetails: boolean;
  /** Receives the rows' bytes, awaited (backpressure). */
  write: (chunk: Buffer) => Promise<void>;
  stopped?: () => boolean;
}

export interface CopyExportResult {
  count: number;
  lastSeq?: number;
  lastHash?: string;
  /** False when `stopped()` ended it early. */
  complete: boolean;
}

/**
 * Streams the rows `selection()` selects (a fresh filtered query on
 * audit_events) in seq order through COPY; see the module comment. The JSON
 * rows come without the document around them: the first row is preceded by
 * a newline, the others by a comma and a newline.
 */
export async function copyExport(
  knex: Knex,
  selection: () => Knex.QueryBuilder,
  options: CopyExportOptions,
): Promise<CopyExportResult> {
  const { format, includeDetails, write } = options;
  const pool = knex.client as unknown as PoolClient;
  const connection = await pool.acquireConnection();
  let clean = false;
  let stream: Readable | undefined;
  try {
    const columns = exportSelectColumns(includeDetails);
    const query = selection()
      .select(columns)
      .orderBy('seq', 'asc')
      .toSQL()
      .toNative();
    const sql = `COPY (${inlineBindings(query.sql, query.bindings, text =>
      connection.escapeLiteral(text),
    )}) TO STDOUT WITH (FORMAT binary)`;
    const copy = connection.query(copyTo(sql));
    stream = copy;
    const reader = new BinaryCopyReader(columns.length);
    const rows = new ExportRowWriter(format, includeDetails);
    // Not destroyed on an early exit: the rest is drained after a cancel.
    const chunks = copy.iterator({ destroyOnReturn: false });
    for await (const data of chunks as AsyncIterable<Buffer>) {
      reader.push(data, rows);
      // Written in pieces of about 1 MB: few, large writes.
      if (rows.buffered >= FLUSH_AT) {
        await write(rows.take());
        if (options.stopped?.()) return { count: rows.count, complete: false };
      }
    }
    if (!reader.ended) throw new Error('The COPY ended early');
    if (rows.buffered > 0) await write(rows.take());
    clean = true;
    return rows.count > 0
      ? {
          count: rows.count,
          lastSeq: rows.lastSeq,
          lastHash: rows.lastHash,
          complete: true,
        }
      : { count: 0, complete: true };
  } finally {
    if (!clean && stream && !(await cancelCopy(pool, connection, stream))) {
      // The COPY would not stop: the connection is mid-protocol. Close it
      // (the server stops sending) and let the pool drop it.
      stream.on('error', () => {});
      stream.destroy();
      connection.__knex__disposed = 'audit export stopped during COPY';
      connection.connection?.stream?.destroy();
    }
    await pool.releaseConnection(connection);
  }
}

/**
 * Stops a COPY still sending (the reader went away, or stopped() said so):
 * the server is asked to cancel it and what it sent meanwhile is read and
 * dropped until its error, so the connection is ready for the pool's next
 * query. True when the connection is usable again.
 */
async function cancelCopy(
  pool: PoolClient,
  connection: PgConnection,
  stream: Readable,
): Promise<boolean> {
  // Ended, or failed by the server's error: the connection is ready.
  if (stream.readableEnded || stream.errored) return true;
  if (stream.destroyed) return false;
  let timer: NodeJS.Timeout | undefined;
  const stoppedInTime = new Promise<boolean>(resolve => {
    stream.once('error', () => resolve(true));
    stream.once('end', () => resolve(true));
    timer = setTimeout(() => resolve(false), CANCEL_WAIT_MS);
    timer.unref();
  });
  stream.resume();
  try {
    await pool.cancelQuery(connection);
    return await stoppedInTime;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
